"""The HTML report's one stylesheet and one script, and the Content-Security-Policy that allows
exactly these two by hash: no 'unsafe-inline', no external source of any kind.

The script only filters what is already on the page (it toggles `hidden`), reads nothing but
`data-*` attributes the renderer wrote from fixed vocabularies, and never writes HTML, so a value
from Azure cannot become markup through it. With JavaScript off the filter bar stays hidden and
every section is shown.
"""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root{--fail:#c62828;--error:#6a3fb5;--unknown:#a86b00;--waived:#5f6b76;--pass:#2e7d32;--manual:#1f5fa8;--na:#8a949e;--line:#d5dbe1;--muted:#5b6670;--ink:#16202a}
*{box-sizing:border-box}
[hidden]{display:none!important}
@media screen{.printonly{display:none}}
[id]{scroll-margin-top:52px}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0;background:#f4f6f8}
header.top{background:#0f2a44;color:#fff;padding:20px 32px 16px}
header.top h1{font-size:22px;margin:0 0 4px;font-weight:600}
header.top .sub{color:#c6d4e1;font-size:13px}
nav.toc{background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;position:sticky;top:0;z-index:2;display:flex;gap:18px;flex-wrap:wrap}
nav.toc a{color:#0f4c81;text-decoration:none;font-weight:500}
main{max-width:1280px;margin:0 auto;padding:8px 32px 40px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 20px 18px;margin:18px 0}
h2{font-size:18px;margin:4px 0 10px;color:#0f2a44}
h3{font-size:15px;margin:16px 0 6px}
p{margin:6px 0}
.muted,.meta{color:var(--muted);font-size:12.5px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:#eef2f6;font-weight:600;border-top:1px solid var(--line)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;padding:8px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;font-weight:600;color:#fff;white-space:nowrap;line-height:18px}
.s-fail,.v-failed{background:var(--fail)}.s-error{background:var(--error)}.s-unknown,.v-unknown{background:var(--unknown)}
.s-waived,.v-waived{background:var(--waived)}.s-pass,.v-passed{background:var(--pass)}.v-manual{background:var(--manual)}.s-none,.v-na{background:var(--na)}
.verdict{border:2px solid var(--line);border-radius:8px;padding:10px 16px;margin:8px 0 12px;background:#fafbfc}
.verdict .big{font-size:20px;font-weight:700}
.g-passed{border-color:var(--pass)}.g-passed .big{color:var(--pass)}.g-failed{border-color:var(--fail)}.g-failed .big{color:var(--fail)}
.g-incomplete{border-color:var(--error)}.g-incomplete .big{color:var(--error)}
.warn{border-left:4px solid var(--unknown);background:#fff7e6;padding:6px 12px;margin:8px 0}
td.pct{font-weight:700;font-size:15px}
.attest{margin-top:4px;padding:4px 8px;border-left:3px solid var(--pass);background:#f1f8f1;font-size:12.5px}
.attest.expired{border-left-color:var(--unknown);background:#fff7e6}
ul.rules{margin:0;padding:0;list-style:none;font-size:12px}ul.rules li{display:inline}ul.rules li+li:before{content:" · ";color:var(--muted)}
.matrix{table-layout:auto}.matrix td:first-child{width:30%}
.fix{margin:6px 0}th.res{width:28%}.fix details.how{margin-top:4px}
.matrix th.wsh{font-size:12px;word-break:break-all;min-width:70px}
.matrix td.cell{text-align:center;white-space:nowrap}
.matrix td.cell a{text-decoration:none}
.matrix.compact{table-layout:auto;font-size:11px;width:auto}
.matrix.compact td.cid,.matrix.compact th.cid{width:110px;white-space:nowrap}.matrix.compact td.cv{white-space:nowrap}
.matrix.compact th.wsn{padding:2px 1px;text-align:center;font-size:10px;min-width:16px}
.matrix.compact td.cell{padding:1px;font-weight:700;font-size:10px;color:#fff}
.matrix.compact td.cell a{color:#fff;display:block}
.matrix.compact td.c-fail{background:var(--fail)}.matrix.compact td.c-error{background:var(--error)}.matrix.compact td.c-unknown{background:var(--unknown)}
.matrix.compact td.c-waived{background:var(--waived)}.matrix.compact td.c-pass{background:var(--pass)}.matrix.compact td.c-none{background:#eef2f6;color:var(--muted)}
.loc code{font-size:11.5px}
details.rule-pass{border-bottom:1px solid var(--line);padding:3px 4px}
details.rule-pass>summary,details.passes>summary{cursor:pointer}
details.passes{margin:4px 0 8px}
.signoff table.sign th{width:160px}.signoff table.sign td{height:34px;border-bottom:1px solid #888}
.sev{font-weight:600;text-transform:capitalize}.sev-critical{color:#7f0000}.sev-high{color:var(--fail)}.sev-medium{color:var(--unknown)}.sev-low{color:var(--muted)}
.id{word-break:break-all;font-size:11.5px;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:18px}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:6px 0 12px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:104px;background:#fafbfc}
.card b{display:block;font-size:22px;font-variant-numeric:tabular-nums}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font:12px system-ui,sans-serif;fill:#16202a}
.rule{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:12px 0}
.rule h3{margin:0 0 4px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.ev{margin:0;padding-left:16px}
td>a>code{white-space:nowrap}
.filters{display:flex;gap:14px;flex-wrap:wrap;align-items:end;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;margin:14px 0 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.filters select,.filters button{font:inherit;padding:3px 6px;min-width:130px}
.filters output{margin-left:auto;color:var(--muted);font-size:12.5px}
dl.facts{display:grid;grid-template-columns:220px 1fr;gap:4px 14px;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;word-break:break-all}
tr:target,div:target{outline:2px solid #0f4c81;outline-offset:-2px;background:#fff8d6}
.ws-list{margin:6px 0;line-height:1.9}.ws-list a{text-decoration:none;font-size:12.5px}
.st-fail{color:var(--fail)}.st-error{color:var(--error)}.st-unknown{color:var(--unknown)}
@media screen{.large section,.large .rule{content-visibility:auto;contain-intrinsic-size:auto 900px}}
@media screen and (max-width:760px){.cols{grid-template-columns:1fr}dl.facts{grid-template-columns:1fr}main,header.top,nav.toc{padding-left:12px;padding-right:12px}}
@media print{
 @page{size:A4;margin:8mm}
 body{background:#fff;font-size:9px;line-height:1.3}
 table{font-size:9px;margin:4px 0 8px}
 h2{font-size:14px;margin:2px 0 6px}h3{font-size:11.5px;margin:8px 0 4px}
 section{margin:8px 0}
 .rule{padding:3px 0 0;margin:4px 0;border:none;border-top:1px solid #bbb;border-radius:0;break-inside:auto}
 .rule h3{display:inline;margin:0}.rule h3+p.meta{display:inline;margin-left:8px}
 .rule table{margin:2px 0 2px}
 .fix{margin:2px 0 4px}
 .matrix ul.ev{display:inline;padding:0}.matrix ul.ev li{display:inline}.matrix ul.ev li+li:before{content:" · "}
 .matrix .mlabel{display:inline}.matrix .mlabel:before{content:" · "}
 ul.rules{font-size:9px}
 code,pre{font-size:.95em}
 .muted,.meta,.id,.badge{font-size:.92em}
 .badge{line-height:1.4;padding:0 5px}
 .matrix tr,.rule tr{break-inside:auto}
 .rule p.desc,details.how,.rule thead{display:none!important}
 .matrix{font-size:7.5px}.matrix ul.rules{font-size:7.5px}.matrix td:first-child{width:27%}
 .rule ul.ev{padding-left:0;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
 .rule ul.ev li{display:inline;list-style:none}.rule ul.ev li+li:before{content:" · "}
 .rule .ws-id{display:none}

 th,td{padding:3px 5px}
 details:not([open])>:not(summary){display:none!important}
 details>summary{list-style:none}
 .noprint-charts{display:none!important}
 dl.facts{grid-template-columns:150px 1fr;gap:1px 10px}
 .card{padding:2px 8px;min-width:70px}.card b{font-size:14px;display:inline;margin-left:6px}
 .verdict{padding:4px 10px;margin:4px 0 6px}.verdict .big{font-size:15px}
 .matrix.compact{break-inside:auto;table-layout:fixed;width:100%}
 .matrix.compact th.cid,.matrix.compact td.cid{width:78px}.matrix.compact th.cv,.matrix.compact td.cv{width:52px}
 .matrix.compact th.wsn{font-size:7px;padding:1px 0}.matrix.compact td.cell{font-size:7px;padding:0}
 .matrix.compact td.cv .badge{font-size:7px;padding:0 3px}
 h4{break-after:avoid}
 .signoff{break-inside:avoid}
 pre{white-space:pre-wrap}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 header.top{background:#fff;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
 header.top .sub{color:#333}
 nav.toc,.filters,.noprint{display:none!important}
 main{max-width:none;padding:0}
 section{border:none;padding:0;margin:14px 0;break-inside:auto}
 h2{break-after:avoid;border-bottom:1px solid #999}
 tr,pre,.card{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 tr:target,div:target{outline:none;background:none}
}
"""

SCRIPT = """
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  var selects = bar.querySelectorAll("select");
  var items = document.querySelectorAll("[data-f]");
  var groups = document.querySelectorAll("[data-group]");
  var out = document.getElementById("filter-count");
  function apply() {
    var want = [];
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) { want.push([selects[i].name, " " + selects[i].value + " "]); }
    }
    var shown = 0, total = 0;
    for (var j = 0; j < items.length; j++) {
      var el = items[j], ok = true;
      for (var k = 0; k < want.length; k++) {
        var v = el.getAttribute("data-" + want[k][0]);
        if (v !== null && (" " + v + " ").indexOf(want[k][1]) < 0) { ok = false; break; }
      }
      el.hidden = !ok;
      if (el.hasAttribute("data-result")) { total++; if (ok) { shown++; } }
    }
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      if (group.hasAttribute("data-f") && group.hidden) { continue; }
      group.hidden = group.querySelector("[data-result]:not([hidden]),[data-row]:not([hidden])") === null;
    }
    out.textContent = shown + " of " + total + " results shown";
  }
  bar.addEventListener("change", apply);
  document.getElementById("filter-reset").addEventListener("click", function () {
    for (var i = 0; i < selects.length; i++) { selects[i].value = ""; }
    apply();
  });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
    if (el) { el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  bar.hidden = false;
  out.textContent = items.length ? document.querySelectorAll("[data-result]").length + " results" : "";
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CSP = (
    "default-src 'none'; "
    f"style-src '{_hash(STYLE)}'; "
    f"script-src '{_hash(SCRIPT)}'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
