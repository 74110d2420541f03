"""One set of names for a live scope: the flags of `collect` and `scan`, the keys of an amlscan.yaml
target and the fields of CollectOptions (scanner/collect/collector.py: SCOPE_OPTIONS)."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

from scanner.cli import build_parser
from scanner.collect.collector import SCOPE_OPTIONS, CollectOptions
from scanner.commands.live_scope import collect_options
from scanner.config import Config
from scanner.request import targets_of

SUB = "00000000-0000-0000-0000-0000000000aa"


def test_the_flags_set_every_scope_option_and_only_those() -> None:
    fields = {f.name for f in dataclasses.fields(CollectOptions)}
    assert set(SCOPE_OPTIONS) <= fields
    for command in ("collect", "scan"):
        parser = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        groups = [g for g in parser._action_groups if g.title in ("live scope", "sign-in and cloud")]
        dests = {action.dest for group in groups for action in group._group_actions}
        assert dests == set(SCOPE_OPTIONS), command


def test_flags_and_a_target_give_the_same_options() -> None:
    argv = ["collect", "-o", "x.json", "--subscription", SUB, "--resource-group", "rg", "--workspace", "ws", "--auth", "cli",
            "--cloud", "AzureUSGovernment", "--discovery", "resource-graph", "--max-workers", "2", "--timeout", "5", "--max-retries", "1"]
    from_flags = collect_options(build_parser().parse_args(argv))
    target = {"name": "t", "subscriptions": [SUB], "resource_group": "rg", "workspace": "ws", "auth": "cli", "cloud": "AzureUSGovernment",
              "discovery": "resource-graph", "max_workers": 2, "timeout": 5, "max_retries": 1}
    [configured] = targets_of(Config(path="amlscan.yaml", data={"targets": [target]}))
    assert configured.collect == dataclasses.replace(from_flags, progress=False)  # targets collect without a bar
    schema = json.loads(resources.files("scanner").joinpath("schemas/config/targets.schema.json").read_text("utf-8"))
    assert set(schema["items"]["properties"]) - {"name", "snapshot", "tags"} == set(SCOPE_OPTIONS) - {"max_time"}
