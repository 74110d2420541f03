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
:root{--fail:#c62828;--error:#6a3fb5;--unknown:#a86b00;--waived:#5f6b76;--pass:#2e7d32;--manual:#1f5fa8;--line:#d5dbe1;--muted:#5b6670;--ink:#16202a}
*{box-sizing:border-box}
[hidden]{display:none!important}
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
.s-fail,.v-failed{background:var(--fail)}.s-error{background:var(--error)}.s-unknown,.v-not-assessed{background:var(--unknown)}
.s-waived,.v-waived{background:var(--waived)}.s-pass,.v-passed{background:var(--pass)}.v-manual{background:var(--manual)}.s-none{background:#b8c0c8}
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
.matrix td.cell a{text-decoration:none;margin:0 3px 3px 0;display:inline-block}
.matrix td.cell{white-space:nowrap}
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
@media (max-width:760px){.cols{grid-template-columns:1fr}dl.facts{grid-template-columns:1fr}main,header.top,nav.toc{padding-left:12px;padding-right:12px}}
@media print{
 @page{margin:14mm}
 body{background:#fff;font-size:11px}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 header.top{background:#fff;color:#000;padding:0 0 8px;border-bottom:2px solid #000}
 header.top .sub{color:#333}
 nav.toc,.filters,.noprint{display:none!important}
 main{max-width:none;padding:0}
 section{border:none;padding:0;margin:14px 0;break-inside:auto}
 h2{break-after:avoid;border-bottom:1px solid #999}
 tr,.rule,pre,.card{break-inside:avoid}
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
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; }
  });
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
