"""History and CLI failure modes (issue 15): checked before anything is written, damaged databases
and over-long integers are input errors, a closed pipe is quiet, every command takes --debug,
`history` and `diff` read a database they cannot write."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.cli import main
from tests.conftest import FIXTURES, ROOT

SNAPSHOT = FIXTURES / "hipaa-hardened.json"


def _scan(tmp: Path, *extra: str) -> int:
    return main(["scan", str(SNAPSHOT), "--output-dir", str(tmp / "out"), "--format", "json", "--quiet", "--workers", "1", *extra])


@contextlib.contextmanager
def _immutable(folder: Path) -> Iterator[None]:
    """A folder nobody may change, root included (root ignores permission bits)."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder immutable here (chattr +i needs root on ext4/xfs)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_history_path_that_is_a_folder_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "db").mkdir()
    assert _scan(tmp_path, "--history", str(tmp_path / "db")) == 2
    assert "is a folder" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_a_history_in_a_read_only_place_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    with _immutable(locked):
        assert _scan(tmp_path, "--history", str(locked / "h.db")) == 2
    assert "not writable" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_a_history_path_that_is_not_sqlite_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "h.db").write_text("not a database\n")
    assert _scan(tmp_path, "--history", str(tmp_path / "h.db")) == 2
    assert "not a SQLite database" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_history_and_diff_read_a_database_they_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "ro" / "h.db"
    db.parent.mkdir()
    assert _scan(tmp_path, "--history", str(db)) == 0 and _scan(tmp_path, "--history", str(db)) == 0
    for extra in db.parent.glob("h.db-*"):
        extra.unlink()  # as copied onto read-only media: the database file alone
    capsys.readouterr()
    with _immutable(db.parent):
        assert main(["history", "--history", str(db), "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 2
        assert main(["diff", "--history", str(db), "--format", "json"]) == 0


def test_a_damaged_database_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "h.db"
    for _ in range(3):
        assert _scan(tmp_path, "--history", str(db)) == 0
    for extra in tmp_path.glob("h.db-*"):
        extra.unlink()
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):  # every page past the schema: b-tree headers garbled
        data[start : start + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))
    capsys.readouterr()
    codes = [main(["history", "--history", str(db)]), main(["diff", "--history", str(db), "--format", "json"])]
    err = capsys.readouterr().err
    assert codes == [2, 2], err
    assert "internal error" not in err and "damaged" in err or "cannot read the history database" in err


def test_every_command_takes_debug() -> None:
    import argparse

    from scanner.cli import COMMANDS, build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert all(any("--debug" in action.option_strings for action in sub.choices[c]._actions) for c in COMMANDS)
    assert parser.parse_args(["--debug", "rules"]).debug is True
    assert parser.parse_args(["history", "--debug"]).debug is True
    assert parser.parse_args(["verify", "b.zip", "--debug"]).debug is True


def test_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    reader = subprocess.Popen([sys.executable, "-m", "scanner", "rules", "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()  # like `| head -c 10`
    err = reader.stderr.read().decode()
    assert reader.wait(60) == 0 and "BrokenPipe" not in err and "Traceback" not in err, err
