"""Report files: stable JSON layout, and a failed write leaves neither a half-written report nor a partial set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.fileio import dumps_stable
from scanner.report import outputs
from scanner.report.outputs import RenderContext, write_reports

VALUE = {"b": [{"y": 1, "x": [1, 2]}, {"z": None, "é": "ü"}], "a": {"k": {"m": 1.5}}, "e": [], "f": {}, "n": True}


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 50])
def test_depth_limited_layout_is_the_same_json(depth: int) -> None:
    assert json.loads(dumps_stable(VALUE, depth)) == VALUE


def test_full_depth_is_byte_identical_to_indented_json() -> None:
    assert dumps_stable(VALUE, 50) == dumps_stable(VALUE) == json.dumps(VALUE, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_depth_two_puts_each_list_item_on_one_line() -> None:
    lines = dumps_stable(VALUE, 2).splitlines()
    assert '    {"x": [1, 2], "y": 1},' in lines and '    {"z": null, "é": "ü"}' in lines
    assert lines[0] == "{" and lines[-1] == "}"


def _context() -> RenderContext:
    return RenderContext(document={"results": []}, snapshot=None)


def test_reports_are_renamed_into_place_only_when_all_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "results.json").write_text("previous\n")
    rendered = []

    def json_ok(ctx: RenderContext) -> str:
        rendered.append("json")
        return "{}\n"

    def sarif_fails(ctx: RenderContext) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(outputs.FORMATS, "json", outputs.OutputFormat("json", "results.json", json_ok))
    monkeypatch.setitem(outputs.FORMATS, "sarif", outputs.OutputFormat("sarif", "amlscan.sarif", sarif_fails))
    with pytest.raises(UsageError, match="cannot write reports: No space left on device"):
        write_reports(_context(), ["json", "sarif"], out)
    assert rendered == ["json"]
    # The earlier report is untouched and no temporary file is left behind.
    assert sorted(p.name for p in out.iterdir()) == ["results.json"]
    assert (out / "results.json").read_text() == "previous\n"


def test_reports_written_one_after_the_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "reports"
    seen_on_disk: list[list[str]] = []

    def render(name: str):
        def _render(ctx: RenderContext) -> str:
            # Earlier reports are already on disk (staged), not held in memory, while this one renders.
            seen_on_disk.append(sorted(p.name for p in out.iterdir()) if out.exists() else [])
            return f"{name}\n"

        return _render

    monkeypatch.setitem(outputs.FORMATS, "json", outputs.OutputFormat("json", "results.json", render("json")))
    monkeypatch.setitem(outputs.FORMATS, "sarif", outputs.OutputFormat("sarif", "amlscan.sarif", render("sarif")))
    written = write_reports(_context(), ["json", "sarif"], out)
    assert [p.name for p in written] == ["results.json", "amlscan.sarif"]
    assert seen_on_disk[0] == [] and len(seen_on_disk[1]) == 1 and seen_on_disk[1][0].startswith(".results.json.")
    assert (out / "results.json").read_text() == "json\n" and (out / "amlscan.sarif").read_text() == "sarif\n"
    assert sorted(p.name for p in out.iterdir()) == ["amlscan.sarif", "results.json"]


def test_a_report_in_pieces_is_written_as_it_is_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "reports"
    pieces = ["é" * 300_000 + "\n", *(f"line {i} ✓\n" for i in range(200_000)), "end\n"]
    progress: list[int] = []

    def render(ctx: RenderContext):
        for i, piece in enumerate(pieces):
            if i == len(pieces) - 1:  # the first megabytes are on disk before the last piece exists
                progress.append(next(out.glob(".results.json.*")).stat().st_size)
            yield piece

    monkeypatch.setitem(outputs.FORMATS, "json", outputs.OutputFormat("json", "results.json", render))
    write_reports(_context(), ["json"], out)
    assert (out / "results.json").read_text("utf-8") == "".join(pieces)
    assert progress[0] > 2_000_000


@pytest.fixture(scope="module")
def scanned() -> RenderContext:
    from scanner.evaluate.catalog import load_bundle
    from scanner.evaluate.scan import run_scan
    from scanner.snapshot.load import load_snapshot

    snapshot = load_snapshot(Path(__file__).resolve().parents[2] / "fixtures" / "mixed-forbidden.json")
    return RenderContext(run_scan(snapshot, load_bundle(None), workers=1), snapshot)


@pytest.mark.parametrize("name", ["json", "sarif", "html"])
def test_large_reports_written_in_pieces_equal_the_whole_rendering(tmp_path: Path, name: str, scanned: RenderContext) -> None:
    from scanner.report import html, json_report, sarif

    (path,) = write_reports(scanned, [name], tmp_path)
    assert not isinstance(outputs.FORMATS[name].render(scanned), str)
    whole = {
        "json": lambda: json_report.render(scanned.document),
        "sarif": lambda: sarif.render(scanned.document, sarif.snapshot_locator(scanned.snapshot)),
        "html": lambda: html.render(scanned.document, scanned.snapshot),
    }[name]()
    assert path.read_text("utf-8") == whole and len(whole) > 10_000
