"""Which report formats exist, their fixed file names, and writing them safely.

Each requested report is rendered and written to a temporary file beside its destination, one at
a time (at 10,000 workspaces holding every rendered report at once took 5.7 GB); only when all are
written are they renamed into place. A failure leaves no half-written report and no partial set
of new reports behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UsageError
from scanner.evaluate.document import ResultsDocument
from scanner.fileio import check_output_path, discard, stage_bytes
from scanner.snapshot.load import Snapshot


@dataclass(frozen=True)
class RenderContext:
    document: ResultsDocument
    snapshot: Snapshot | None
    policies_root: Path | None = None  # for policies/frameworks/*.yaml; None: the bundled policies


@dataclass(frozen=True)
class OutputFormat:
    name: str
    filename: str
    render: Callable[[RenderContext], str | Iterable[str]]  # text, or text in pieces for large reports


def _json(ctx: RenderContext) -> Iterable[str]:
    from scanner.report import json_report

    return json_report.render_pieces(ctx.document)


def _sarif(ctx: RenderContext) -> Iterable[str]:
    from scanner.report import sarif

    if ctx.snapshot is None:
        raise UsageError("SARIF needs the snapshot the results came from")
    return sarif.render_pieces(ctx.document, sarif.snapshot_locator(ctx.snapshot))


def _html(ctx: RenderContext) -> Iterable[str]:
    from scanner.report import html

    return html.render_pieces(ctx.document, ctx.snapshot, ctx.policies_root)


def _junit(ctx: RenderContext) -> str:
    from scanner.report import junit

    return junit.render(ctx.document)


def _csv(ctx: RenderContext) -> str:
    from scanner.report import csv_report

    return csv_report.render(ctx.document)


def _md(ctx: RenderContext) -> str:
    from scanner.report import markdown_summary

    return markdown_summary.render(ctx.document, ctx.policies_root)


def _oscal(ctx: RenderContext) -> str:
    from scanner.report import oscal

    return oscal.render(ctx.document, ctx.policies_root)


FORMATS: dict[str, OutputFormat] = {
    "sarif": OutputFormat("sarif", "amlscan.sarif", _sarif),
    "html": OutputFormat("html", "report.html", _html),
    "json": OutputFormat("json", "results.json", _json),
    "junit": OutputFormat("junit", "junit.xml", _junit),
    "csv": OutputFormat("csv", "findings.csv", _csv),
    "md": OutputFormat("md", "summary.md", _md),
    "oscal": OutputFormat("oscal", "oscal-assessment-results.json", _oscal),
}


def redacted(ctx: RenderContext) -> RenderContext:
    """The context with secrets redacted from its results document: data leaving the scanner is
    redacted once more (scanner.redact), whatever entered. The snapshot was redacted on load (or
    when it was collected or normalised from IaC)."""
    from scanner.redact.document import redact_document

    document = redact_document(ctx.document)
    return ctx if document is ctx.document else RenderContext(document, ctx.snapshot, ctx.policies_root)


def render_bytes(name: str, ctx: RenderContext) -> bytes:
    """One report whole, for callers that need it in memory (the evidence bundle)."""
    rendered = FORMATS[name].render(redacted(ctx))
    return (rendered if isinstance(rendered, str) else "".join(rendered)).encode("utf-8")


def parse_formats(value: str) -> list[str]:
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(f"--format: unknown format {', '.join(unknown) or '(empty)'}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(names))


def write_reports(ctx: RenderContext, formats: list[str], output_dir: Path, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Render and write `formats`; `progress(file name)` is called as each report is written."""
    check_output_path(output_dir, "--output-dir", folder=True)
    ctx = redacted(ctx)
    staged: list[tuple[Path, Path]] = []
    try:
        try:
            for name in formats:
                target = output_dir / FORMATS[name].filename
                rendered = FORMATS[name].render(ctx)
                # Large reports come in pieces, written as they are rendered: at 10,000 workspaces
                # results.json alone is ~0.8 GB of text, which would be held twice over.
                staged.append((stage_bytes(target, rendered.encode("utf-8") if isinstance(rendered, str) else rendered), target))
                if progress is not None:
                    progress(target.name)
            for tmp, target in staged:
                os.replace(tmp, target)
        except OSError as exc:
            raise UsageError(f"{output_dir}: cannot write reports: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                discard(tmp)
    return [target for _, target in staged]
