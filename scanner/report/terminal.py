"""What `amlscan scan` prints: each failing finding as Checkov prints its checks, then the verdict.

Per finding: status, rule id, severity, title, the resource (with `file:line` for templates) and a
one-line fix. Lines fit `width` columns (100, or the terminal when narrower); a value too long is
cut with an ellipsis, never wrapped into the next column. Modes (`--output-format`, `--compact`):

- `text` (default): three lines per finding, at most `TEXT_LIMIT` findings, then the summary.
- `--compact`: one line per finding, at most `COMPACT_LIMIT`.
- `full`: every finding with its evidence and the whole fix, wrapped; unknown results too.
- `json`: the results document on stdout, nothing else (for piping).

The findings listed are the results that fail (and unknown ones when they fail the gate, with
`--fail-on-unknown`) and errors, worst first. Output goes to stdout; warnings and errors go to
stderr (scanner/cli.py). Colour only when stdout is a terminal.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from scanner.evaluate.document import Result, ResultsDocument, waiver_warnings
from scanner.gate.verdict import describe
from scanner.vocabulary import SEVERITIES

WIDTH = 100
TEXT_LIMIT = 50
COMPACT_LIMIT = 200
STATUS_WORD = {"fail": "FAIL", "error": "ERROR", "unknown": "UNKNOWN", "waived": "WAIVED", "pass": "PASS"}
STYLE = {"FAIL": "bold red", "ERROR": "bold magenta", "UNKNOWN": "yellow", "critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
UNKNOWN_MEANS = "unknown: evidence missing, not assessed"


@dataclass(frozen=True)
class TerminalOptions:
    mode: str = "text"  # text | full | json
    compact: bool = False
    quiet: bool = False
    width: int | None = None  # None: 100, or the terminal's width when narrower


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def listed(document: ResultsDocument) -> list[Result]:
    """The findings the terminal shows: fail and error results, and unknown ones that fail the gate."""
    gate: Mapping[str, Any] = document.get("gate") or {}
    statuses = {"fail", "error"} | ({"unknown"} if gate.get("fail_on_unknown") else set())
    rank = {"error": 0, "fail": 1, "unknown": 2}
    return sorted(
        (r for r in document["results"] if r["status"] in statuses),
        key=lambda r: (SEVERITIES.index(r["severity"]), rank[r["status"]], r["rule_id"], r["resource_id"].lower()),
    )


def resource_label(result: Result) -> str:
    name = result["resource_id"].rstrip("/").rsplit("/", 1)[-1]
    if result["resource_id"].lower() != result["workspace_id"].lower():
        name += f" in {result['workspace_id'].rstrip('/').rsplit('/', 1)[-1]}"
    return name


def where(result: Result) -> str:
    location = result.get("location")
    return f"{location['file']}:{location['line']}" if location else ""


def fix_line(result: Result) -> str:
    text = (result.get("remediation") or {}).get("text", "")
    first = text.split(". ")[0].strip()
    return first + ("." if first and not first.endswith(".") else "")


class _Out:
    """Lines of (text, style) segments, printed plain or through rich when colour is wanted."""

    def __init__(self, stream: TextIO, width: int, colour: bool) -> None:
        self.stream, self.width, self.console = stream, width, None
        if colour:
            from rich.console import Console

            self.console = Console(file=stream, width=width, highlight=False, soft_wrap=False)

    def line(self, *segments: tuple[str, str | None]) -> None:
        text, used, pieces = "", 0, []
        for chunk, style in segments:
            room = self.width - used
            if room <= 0:
                break
            chunk = chunk if len(chunk) <= room else chunk[: max(0, room - 1)] + "…"
            pieces.append((chunk, style))
            text += chunk
            used += len(chunk)
        if self.console is None:
            self.stream.write(text.rstrip() + "\n")
            return
        from rich.text import Text

        rendered = Text(no_wrap=True, overflow="ellipsis")
        for chunk, style in pieces:
            rendered.append(chunk, style=style or "")
        self.console.print(rendered)


def _baseline_tag(result: Result, document: ResultsDocument) -> str:
    return f" [{result['baseline_state']}]" if "baseline" in document and "baseline_state" in result else ""


def _finding(out: _Out, result: Result, document: ResultsDocument, compact: bool) -> None:
    status = STATUS_WORD[result["status"]]
    sev = result["severity"]
    if compact:
        place = where(result) or resource_label(result)
        out.line((f"{status:<8}", STYLE.get(status)), (f"{sev:<9}", STYLE.get(sev)), (f"{result['rule_id']:<13}", "bold"),
                 (result["title"] + _baseline_tag(result, document), None), (f" · {place}", "dim"))
        return
    out.line((f"{status:<8}", STYLE.get(status)), (f"{result['rule_id']:<13}", "bold"), (f"{sev:<9}", STYLE.get(sev)),
             (result["title"] + _baseline_tag(result, document), None))
    place = where(result)
    if place:  # templates: the line to fix first, the resource after it
        out.line(("        resource  ", "dim"), (place, "bold"), (f"  {resource_label(result)}", None))
    else:
        out.line(("        resource  ", "dim"), (resource_label(result), None))
    fix = fix_line(result) if result["status"] == "fail" else _cut(result["message"], 200)
    out.line(("        fix       " if result["status"] == "fail" else "        why       ", "dim"), (fix, None))


def _full(out: _Out, result: Result, document: ResultsDocument) -> None:
    _finding(out, result, document, compact=False)
    indent = " " * 18
    out.line(("        finding   ", "dim"), (_cut(result["message"], 10_000), None))
    for e in result.get("evidence") or []:
        out.line(("        evidence  ", "dim"), (f"{e.get('path')}: found {e.get('found')!r}, expected {e.get('expected')!r}", None))
    text = (result.get("remediation") or {}).get("text", "")
    for chunk in textwrap.wrap(text, max(20, out.width - len(indent)))[1:] if result["status"] == "fail" else []:
        out.line((indent + chunk, None))
    location = result.get("location") or {}
    if location.get("note"):
        out.line(("        note      ", "dim"), (location["note"], None))


def summary_lines(document: ResultsDocument, written: list[Path]) -> list[tuple[str, str]]:
    """(label, text) lines under the findings: results, baseline, waivers, reports, gate."""
    summary = document["summary"]
    by = summary["by_status"]
    lines = [("results", " · ".join(f"{by[s]} {s}" for s in ("fail", "unknown", "error", "waived", "pass"))
              + f"  ({summary['total']} results, {summary['rules']} rules, {summary['workspaces']} workspace(s))")]
    if by["unknown"]:
        lines.append(("", f"{UNKNOWN_MEANS}: the reports say what is missing and why"))
    baseline = document.get("baseline")
    if baseline:
        lines.append(("baseline", f"{baseline['new']} new · {baseline.get('unchanged', 0)} unchanged · {baseline.get('fixed', 0)} fixed  "
                      f"(since {baseline['path']})"))
    warnings = waiver_warnings(document)
    if warnings:  # each was printed on stderr when found; here only how many
        lines.append(("waivers", f"{len(warnings)} warning(s) on stderr (expired or waiving nothing); every report lists them"))
    if written:
        folders = sorted({Path(p).parent.as_posix() for p in written})
        names = ", ".join(Path(p).name for p in written)
        text = f"{folders[0]}/: {names}" if len(folders) == 1 else ", ".join(Path(p).as_posix() for p in written)
        for n, chunk in enumerate(textwrap.wrap(text, WIDTH - 10, break_long_words=False, break_on_hyphens=False)):
            lines.append(("reports" if n == 0 else "", chunk))
    if "gate" in document:
        lines.append(("gate", describe(document["gate"]).replace(document["gate"]["verdict"], document["gate"]["verdict"].upper(), 1)))
    return lines


def print_scan(document: ResultsDocument, written: list[Path], options: TerminalOptions, label: str = "", stream: TextIO | None = None) -> None:
    """Print the findings and the verdict; a reader that went away (`| head`) does not change the exit code."""
    try:
        _print_scan(document, written, options, label, stream or sys.stdout)
    except BrokenPipeError:
        quiet_stdout()


def quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail on a closed pipe."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _print_scan(document: ResultsDocument, written: list[Path], options: TerminalOptions, label: str, stream: TextIO) -> None:
    if options.mode == "json":
        from scanner.report.json_report import render_pieces

        for piece in render_pieces(document):
            stream.write(piece)
        return
    if options.quiet:
        return
    tty = stream.isatty() if hasattr(stream, "isatty") else False
    width = options.width or WIDTH
    if tty and options.width is None:
        import shutil

        width = min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)
    out = _Out(stream, width, colour=tty)
    findings = listed(document)
    limit = None if options.mode == "full" else COMPACT_LIMIT if options.compact else TEXT_LIMIT
    if label:  # scan --config: the target's findings and summary follow its name
        out.line((f"target {label}", "bold"))
    for result in findings[:limit]:
        if options.mode == "full":
            _full(out, result, document)
        else:
            _finding(out, result, document, options.compact)
    if limit is not None and len(findings) > limit:
        out.line((f"… and {len(findings) - limit} more findings: report.html lists them all (--output-format full prints them)", "dim"))
    if options.mode == "full":
        for result in (r for r in document["results"] if r["status"] == "unknown" and r not in findings):
            out.line((f"{'UNKNOWN':<8}", STYLE["UNKNOWN"]), (f"{result['rule_id']:<13}", "bold"), (f"{resource_label(result)}: ", None), (result["message"], None))
    if findings or options.mode == "full":
        out.line(("", None))
    for name, text in summary_lines(document, written):
        style = {"passed": "bold green", "failed": "bold red", "incomplete": "bold magenta"}[document["gate"]["verdict"]] if name == "gate" else None
        for n, chunk in enumerate(textwrap.wrap(text, max(20, out.width - 9), break_on_hyphens=False) or [""]):  # the summary wraps: nothing of it is cut
            out.line((f"{name if n == 0 else '':<9}", "dim"), (chunk, style))
