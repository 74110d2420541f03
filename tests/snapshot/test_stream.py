"""Snapshots are read as a stream: the top level is kept, workspace entries are read when walked."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.snapshot.load import load_snapshot, validate_snapshot

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "fixtures" / "mixed-forbidden.json"


def fixture() -> dict:
    return json.loads(FIXTURE.read_text("utf-8"))


def write(path: Path, data: object, **dumps: object) -> Path:
    path.write_text(json.dumps(data, **dumps), "utf-8")  # type: ignore[arg-type]
    return path


def test_loaded_snapshot_equals_the_parsed_file() -> None:
    snapshot = load_snapshot(FIXTURE)
    expected = fixture()
    assert {k: v for k, v in snapshot.data.items() if k != "workspaces"} == {k: v for k, v in expected.items() if k != "workspaces"}
    assert list(snapshot.workspaces) == expected["workspaces"]
    assert not isinstance(snapshot.data["workspaces"], list)  # not held: read from the file when walked


def test_entries_read_like_a_list() -> None:
    entries = load_snapshot(FIXTURE).workspaces
    expected = fixture()["workspaces"]
    assert len(entries) == len(expected) == 2 and bool(entries)
    assert entries[0] == expected[0] and entries[-1] == expected[-1] and entries[1] == expected[1]
    assert entries[0:1] == expected[0:1] and entries[::-1] == expected[::-1]
    with pytest.raises(IndexError):
        entries[2]
    # Each walk parses afresh: nothing a consumer changes leaks into the next one.
    first = entries[0]
    first["id"] = "changed"
    assert entries[0]["id"] == expected[0]["id"]


def test_workspaces_need_not_be_the_last_key(tmp_path: Path) -> None:
    data = fixture()
    reordered = {"workspaces": data.pop("workspaces"), **data}
    snapshot = load_snapshot(write(tmp_path / "first.json", reordered, indent=1))
    assert snapshot.data["tenant_id"] == data["tenant_id"] and snapshot.data["subscriptions"] == data["subscriptions"]
    assert [w["id"] for w in snapshot.workspaces] == [w["id"] for w in reordered["workspaces"]]


def test_byte_order_mark_is_accepted_and_hashed_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + FIXTURE.read_bytes())
    snapshot = load_snapshot(path)
    assert len(snapshot.workspaces) == 2 and snapshot.workspaces[0]["id"] == fixture()["workspaces"][0]["id"]
    assert snapshot.source_text().startswith("{")


def test_a_file_replaced_after_loading_does_not_change_what_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "snap.json", fixture(), indent=2)
    snapshot = load_snapshot(path)
    other = fixture()
    other["workspaces"] = other["workspaces"][:1]
    os.replace(write(tmp_path / "new.json", other), path)  # how a collector writes a snapshot
    assert len(list(snapshot.workspaces)) == 2
    assert json.loads(snapshot.source_text()) == fixture()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"schema_version": "1", "workspaces": [], "workspaces": []}', "'workspaces' appears more than once"),
        ('{"schema_version": "1", "tenant_id": null, "tenant_id": "x"}', "'tenant_id' appears more than once"),
        ('{"schema_version": "1"} {"again": 1}', "not valid JSON at line 1"),
        ("[1] x", "not valid JSON at line 1, column 5"),
        ('{"schema_version": "1",\n "workspaces": [\n', "truncated"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("[" * 20 + "]" * 20, "JSON object"),
        (FIXTURE.read_text("utf-8").replace('"workspaces": [', '"workspaces": [' + "[" * 100_000 + "]" * 100_000 + ",", 1), "nested too deeply"),
    ],
)
def test_malformed_files_are_refused_with_one_clear_message(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, "utf-8")
    with pytest.raises(UsageError) as error:
        load_snapshot(path)
    assert words in str(error.value) and str(error.value).startswith(path.as_posix())


def test_nesting_a_snapshot_may_need_is_accepted(tmp_path: Path) -> None:
    data = fixture()
    data["workspaces"][0]["workspace"]["resource"]["properties"]["deep"] = json.loads("[" * 300 + "]" * 300)
    assert load_snapshot(write(tmp_path / "deep.json", data)).workspaces[0] == data["workspaces"][0]


def test_an_entry_is_validated_with_its_path_in_the_snapshot(tmp_path: Path) -> None:
    data = fixture()
    data["workspaces"][1]["storage_account"]["status"] = "okay"
    with pytest.raises(UsageError) as error:
        load_snapshot(write(tmp_path / "bad.json", data))
    assert "schema violation at $.workspaces[1].storage_account" in str(error.value)
    # The same wording as validating the whole document at once.
    with pytest.raises(UsageError) as whole:
        validate_snapshot(data, (tmp_path / "bad.json").as_posix())
    assert str(error.value) == str(whole.value)


def test_entries_that_are_not_objects_are_refused(tmp_path: Path) -> None:
    data = fixture()
    data["workspaces"].append(7)
    with pytest.raises(UsageError, match=r"\$\.workspaces\[2\]"):
        load_snapshot(write(tmp_path / "bad.json", data))


def test_workspaces_that_are_not_an_array_are_refused(tmp_path: Path) -> None:
    data = fixture()
    data["workspaces"] = {"a": 1}
    with pytest.raises(UsageError, match=r"schema violation at \$\.workspaces"):
        load_snapshot(write(tmp_path / "bad.json", data))
    del data["workspaces"]
    with pytest.raises(UsageError, match="'workspaces' is a required property"):
        load_snapshot(write(tmp_path / "none.json", data))


def test_the_schema_constrains_workspaces_only_through_their_items() -> None:
    """Entries are validated one by one; a constraint on the array as a whole would be skipped."""
    schema = json.loads((ROOT / "scanner" / "schemas" / "snapshot-v1.schema.json").read_text("utf-8"))
    assert schema["properties"]["workspaces"] == {"type": "array", "items": {"$ref": "#/$defs/workspaceEntry"}}


@pytest.mark.parametrize("value", ["18446744073709551615", "1e400", "NaN"])
def test_json_python_reads_but_yajl_refuses_is_still_accepted(tmp_path: Path, value: str) -> None:
    text = FIXTURE.read_text("utf-8").replace('"properties": {', '"properties": {"big": ' + value + ", ", 1)
    path = tmp_path / "numbers.json"
    path.write_text(text, "utf-8")
    snapshot = load_snapshot(path)
    assert [json.dumps(w) for w in snapshot.workspaces] == [json.dumps(w) for w in json.loads(text)["workspaces"]]


def test_a_snapshot_can_come_from_a_pipe(tmp_path: Path) -> None:
    read, write_end = os.pipe()
    data = FIXTURE.read_bytes()
    pid = os.fork()
    if pid == 0:  # the writer: a pipe holds only 64 kB until read
        os.close(read)
        os.write(write_end, data)
        os._exit(0)
    os.close(write_end)
    try:
        snapshot = load_snapshot(f"/dev/fd/{read}")
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    assert list(snapshot.workspaces) == fixture()["workspaces"] and len(snapshot.workspaces) == 2


def test_a_file_rewritten_in_place_after_loading_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "snap.json", fixture(), indent=2)
    snapshot = load_snapshot(path)
    other = fixture()
    other["workspaces"] = other["workspaces"][:1]
    with open(path, "w", encoding="utf-8") as handle:  # same file, new content (cp, shell >)
        json.dump(other, handle)
    with pytest.raises(UsageError, match="changed on disk"):
        list(snapshot.workspaces)
    with pytest.raises(UsageError, match="changed on disk"):
        snapshot.source_text()


@pytest.mark.parametrize("where", [60_177, (1 << 20) - 1])
def test_the_byte_of_bad_utf8_is_named_exactly(tmp_path: Path, where: int) -> None:
    data = bytearray(b" " * (where + 10))
    data[0:1] = b"{"
    data[where] = 0xE2  # the start of a three-byte sequence, then a space
    path = tmp_path / "bad.json"
    path.write_bytes(bytes(data))
    with pytest.raises(UsageError, match=rf"not UTF-8 text \(byte {where}\)"):
        load_snapshot(path)
    path.write_bytes(bytes(data[: where + 1]))  # cut off inside the sequence at the end of the file
    with pytest.raises(UsageError, match=rf"not UTF-8 text \(byte {where}\)"):
        load_snapshot(path)


def test_streamed_entries_are_not_copied_or_pickled_with_their_descriptor() -> None:
    import copy
    import pickle

    snapshot = load_snapshot(FIXTURE)
    copied = copy.deepcopy(snapshot.data)
    assert list(copied["workspaces"]) == list(snapshot.workspaces)
    del copied  # a copy of the descriptor would close it here
    assert len(list(snapshot.workspaces)) == 2
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(snapshot.data)


def test_an_iteration_keeps_its_file_open() -> None:
    walk = iter(load_snapshot(FIXTURE).workspaces)  # the snapshot itself is gone at once
    other = open(FIXTURE.parent / "pii-marketing.json", "rb")  # would take a freed descriptor number
    try:
        assert [w["id"] for w in walk] == [w["id"] for w in fixture()["workspaces"]]
    finally:
        other.close()
