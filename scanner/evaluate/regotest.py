"""Runs the `test_` rules of `_test.rego` files on the embedded engine (the engine the scan uses).

Each test rule must evaluate to true; undefined (a failed assertion) or an engine error fails it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.evaluate.catalog import PACKAGE_RE, check_function_arities, load_bundle, rego_test_modules
from regopy import rego_shared

from scanner.evaluate.engine import _quiet_native_output, run_query

TEST_RULE_RE = re.compile(r"^(test_[A-Za-z0-9_]+)\s+if\b", re.MULTILINE)


@dataclass(frozen=True)
class RegoTest:
    file: str
    package: str
    name: str

    @property
    def query(self) -> str:
        return f"data.{self.package}.{self.name}"


def discover(root: Path) -> list[RegoTest]:
    tests: list[RegoTest] = []
    for path, source in rego_test_modules(root).items():
        package = PACKAGE_RE.search(source)
        if not package:
            continue
        for name in sorted(set(TEST_RULE_RE.findall(source))):
            tests.append(RegoTest(path, package.group(1), name))
    return tests


class RegoTestRunner:
    """One fresh interpreter per test: after an engine error rego-cpp's state is not safe to reuse."""

    def __init__(self, root: Path, data: dict | None = None) -> None:
        bundle = load_bundle(root)
        self._modules = dict(bundle.modules)
        self._modules.update(rego_test_modules(root))
        check_function_arities(self._modules)
        self._data = json.dumps({"amlscan": data or {}})

    def _interpreter_for(self, test: RegoTest) -> Any:
        from regopy import Interpreter

        interpreter = Interpreter()
        interpreter.strict_built_in_errors = True
        with _quiet_native_output():
            for path, source in self._modules.items():
                # Other rules' tests are not needed; leaving them out keeps each compile small.
                if path.endswith("_test.rego") and path != test.file:
                    continue
                interpreter.add_module(path, source)
            if self._data != "{\"amlscan\": {}}":
                interpreter.add_data_json(self._data)
        return interpreter

    def run(self, test: RegoTest) -> tuple[bool, str]:
        interpreter = self._interpreter_for(test)
        value, reason = run_query(interpreter, lambda impl: rego_shared.rego_query(impl, test.query))
        if reason is not None:
            if "undefined" in reason:
                return False, "undefined (an assertion in the test failed)"
            return False, reason
        return value is True, "" if value is True else f"evaluated to {value!r}"
