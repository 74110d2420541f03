"""The embedded Rego engine (regopy, Microsoft's rego-cpp), wrapped so it cannot fail silently.

Measured with regopy 1.5.2: an undefined result crashes the process when read through
`Output.expressions()`, so outputs are only ever read as their JSON text; built-in errors come back
as undefined unless `strict_built_in_errors` is on; a runtime error inside one rule can surface as
an error term embedded in otherwise valid-looking output. Hence: compile once, then query each rule's
entrypoint, so a failure is pinned on the rule that caused it and every other rule still gets its
verdict. The generated `amlscan.main` module gathering all rules is kept for OPA servers and
bundles, where one query per workspace is the cheaper shape.

Every rego-cpp query pays a fixed cost that grows with the compiled bundle (about 0.25 ms with the
58-rule library, before the rule does anything), so rules are queried on a batch of workspaces at
once: a generated `amlscan.batch` module maps each rule's `verdicts` function over `input.batch`.
A rule whose batch query fails is queried again workspace by workspace, so its error lands on the
workspace that caused it, exactly as without batching.

Inputs are handed over as values built through rego-cpp's input API (engine_input), not as JSON
text: rego-cpp parsing the text cost ~10.5 ms of CPU per 37 kB workspace and grew faster than the
text beyond ~150 kB, which capped a batch at about 3 workspaces; a built value costs ~5 ms (build
and copy) and grows linearly, so a batch can hold a whole chunk. The text path remains for values
the API cannot carry faithfully and for bundles whose builtins could tell the difference.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

from regopy import rego_shared

from scanner.errors import UsageError
from scanner.evaluate.catalog import PolicyBundle
from scanner.evaluate.outcome import (  # noqa: F401  (re-exported: older import paths)
    MAIN_ENTRYPOINT,
    MAIN_PACKAGE,
    RuleFailure,
    as_outcome,
    main_module,
    rule_entrypoint,
)
from scanner.evaluate.engine_input import (
    Unfaithful,
    build_input,
    free_input,
    text_sensitive_builtins,
)

BATCH_PACKAGE = "amlscan.batch"
BATCH_PATH = BATCH_PACKAGE.replace(".", "/")
BATCH_SIZE = 32  # workspaces handed to the engine at once (see RegoEngine.evaluate_batch)
# The standard rule shape (docs/writing-rules.md). Only a rule in this shape, that reads `input`
# nowhere else, is batched: elsewhere `input` would be the batch, not its workspace.
_STANDARD_RESULTS = re.compile(r"^results\s*:=\s*verdicts\(input\)[ \t]*$", re.MULTILINE)
_INPUT_WORD = re.compile(r"\binput\b")
_ERROR_LOCATION = re.compile(r"\(error \d+:([^|\s]+)\|(\d+)\|\d+")
_ERROR_MESSAGE = re.compile(r"\(errormsg \d+:([^)\n]*)")


@contextlib.contextmanager
def _quiet_native_output() -> Iterator[None]:
    """rego-cpp prints its diagnostics straight to file descriptor 1; we report them ourselves."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (embedded use): nothing to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _engine_messages(text: str) -> list[str]:
    return [m.strip() for m in _ERROR_MESSAGE.findall(text)] or [text.strip().splitlines()[0] if text.strip() else "unknown engine error"]


def describe_compile_error(text: str, modules: dict[str, str]) -> str:
    """Turn rego-cpp's error tree into 'file:line: message' for the first error."""
    location = _ERROR_LOCATION.search(text)
    message = _engine_messages(text)[0]
    if location:
        path, offset = location.group(1), int(location.group(2))
        source = modules.get(path)
        if source is not None:
            line = source.count("\n", 0, offset) + 1
            return f"{path}:{line}: {message}"
        return f"{path}: {message}"
    return message


def run_query(interpreter: Any, call: Callable[[Any], Any]) -> tuple[Any, str | None]:
    """Run one query and read its result safely.

    Uses regopy's ctypes layer (pinned version) directly: the public `Output` object segfaults when
    a failed output is turned into text, and parses successful output a second time.
    """
    impl = None
    try:
        with _quiet_native_output():
            impl = call(interpreter._impl)
            ok = rego_shared.rego_output_ok(impl)
            text = rego_shared.rego_output_string(impl) if ok else rego_shared.rego_get_error(interpreter._impl)
    except Exception as exc:  # RegoError from the binding
        return None, "engine error: " + "; ".join(_engine_messages(str(exc)))
    finally:
        if impl:
            rego_shared.rego_free_output(impl)
    if not ok:
        return None, "engine error: " + "; ".join(_engine_messages(text))
    if text == "undefined":
        return None, "the rule's results are undefined"
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None, "engine returned an error term: " + "; ".join(_engine_messages(text))
    expressions = value.get("expressions") if isinstance(value, dict) else None
    if not isinstance(expressions, list) or len(expressions) != 1:
        return None, f"unexpected engine output shape: {text[:200]}"
    return expressions[0], None


def without_comments(source: str) -> str:
    """Rego source with its comments removed; a `#` inside a string is not a comment.

    Strings are kept (a word `input` in a message only makes the check below more cautious).
    Raw strings (backquotes) may span lines; quoted strings may not.
    """
    out: list[str] = []
    raw = False
    for line in source.split("\n"):
        quoted = escaped = False
        cut = len(line)
        for i, char in enumerate(line):
            if raw:
                raw = char != "`"
            elif quoted:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    quoted = False
            elif char == '"':
                quoted = True
            elif char == "`":
                raw = True
            elif char == "#":
                cut = i
                break
        out.append(line[:cut])
    return "\n".join(out)


def batchable(source: str) -> bool:
    """A module whose only use of `input` is `results := verdicts(input)` (comments aside)."""
    code = without_comments(source)
    return len(_STANDARD_RESULTS.findall(code)) == 1 and len(_INPUT_WORD.findall(code)) == 1


def batchable_library(source: str) -> bool:
    """A shared (non-rule) module that never reads `input`."""
    return not _INPUT_WORD.search(without_comments(source))


def batch_rule(package: str) -> str:
    """`amlscan.rules.x.y` -> `x__y`, the rule of `amlscan.batch` that maps package x.y over a batch."""
    return package.split(".", 2)[2].replace(".", "__")


def batch_module(packages: list[str]) -> str:
    lines = [f"package {BATCH_PACKAGE}", "", "import rego.v1", ""]
    lines += [f"{batch_rule(p)} := [data.{p}.verdicts(w) | some w in input.batch]" for p in packages]
    return "\n".join(lines) + "\n"


def batch_groups(documents: list[dict[str, Any]], size: int = BATCH_SIZE) -> list[list[dict[str, Any]]]:
    """The documents, in order, in groups of at most `size`."""
    size = max(1, size)
    return [documents[start : start + size] for start in range(0, len(documents), size)]


class RegoEngine:
    """Compiled once per process; `evaluate_batch` runs every rule on a batch of workspace inputs."""

    def __init__(self, bundle: PolicyBundle, data: dict[str, Any] | None = None) -> None:
        from regopy import Interpreter

        self.bundle = bundle
        self.packages = sorted(rule.package for rule in bundle.rules)
        self._interpreter = Interpreter()
        self._interpreter.strict_built_in_errors = True
        # No generated `amlscan.main` here: rules are queried one by one (see `evaluate_batch`), and
        # every compiled module adds to the fixed cost of each query.
        modules = dict(bundle.modules)
        rule_sources = {rule.package: modules.get(rule.path, "") for rule in bundle.rules}
        rule_paths = {rule.path for rule in bundle.rules}
        shared_ok = all(batchable_library(source) for path, source in modules.items() if path not in rule_paths)
        self.batched = [p for p in self.packages if shared_ok and batchable(rule_sources[p])]
        entrypoints = [rule_entrypoint(p) for p in self.packages]
        if self.batched:
            modules[f"{BATCH_PATH}.rego"] = batch_module(self.batched)
            entrypoints += [f"{BATCH_PATH}/{batch_rule(p)}" for p in self.batched]
        self._modules = modules
        # Workspaces are handed over as built values (engine_input), unless a builtin in the bundle
        # could tell them from parsed JSON text; then always as text.
        self.text_sensitive = sorted({name for source in modules.values() for name in text_sensitive_builtins(without_comments(source))})
        self.structured = not self.text_sensitive
        self.text_inputs = 0  # hand-overs that went as JSON text (where `structured`: fallbacks)
        try:
            with _quiet_native_output():
                for path, source in modules.items():
                    self._interpreter.add_module(path, source)
                self._interpreter.add_data_json(json.dumps({"amlscan": data or {}}))
                # build() wants a query besides the entrypoints; a constant one costs nothing.
                self._bundle = self._interpreter.build("true", entrypoints)
        except Exception as exc:  # RegoError, and anything the binding raises on bad source
            raise UsageError(f"policy error: {describe_compile_error(str(exc), modules)}") from None

    def _query(self, entrypoint: str) -> tuple[Any, str | None]:
        """(value, None) on success, (None, reason) on any engine failure or undefined result."""
        return run_query(self._interpreter, lambda impl: rego_shared.rego_bundle_query_entrypoint(impl, self._bundle._impl, entrypoint))

    def query_batched(self, package: str) -> tuple[Any, str | None]:
        """One batched rule on the batch last handed over with `set_batch`."""
        return self._query(f"{BATCH_PATH}/{batch_rule(package)}")

    def set_batch(self, documents: list[dict[str, Any]]) -> None:
        """Hand over a batch of workspace documents (see `batch_groups`) for `query_batched`."""
        self.set_input({"batch": documents})

    def set_input(self, value: Any) -> None:
        """Hand over one input: built in place where that is faithful, else as JSON text."""
        if self.structured and self._set_built(value):
            return
        self.text_inputs += 1
        self._set_input_text(json.dumps(value))

    def _set_built(self, value: Any) -> bool:
        try:
            handle = build_input(value)
        except Unfaithful:
            return False
        try:
            with _quiet_native_output():
                rego_shared.rego_set_input(self._interpreter._impl, handle)
        except rego_shared.RegoError:  # not seen so far; the text path then works or fails as before
            return False
        finally:
            free_input(handle)  # rego-cpp copied the value (measured: freed at once, RSS stays flat)
        return True

    def _set_input_text(self, text: str) -> None:
        with _quiet_native_output():
            self._interpreter.set_input_term(text)

    def evaluate(self, document: dict[str, Any]) -> dict[str, list[Any] | RuleFailure]:
        """Every rule's raw results for one input, keyed by rule package."""
        return self.evaluate_batch([document])[0]

    def evaluate_batch(self, documents: list[dict[str, Any]]) -> list[dict[str, list[Any] | RuleFailure]]:
        """Every rule's raw results for each input, keyed by rule package, in input order.

        One query per rule rather than one query of the generated `amlscan.main` object: measured
        on the bundled fixtures with 58 rules, the aggregate query was the slower of the two, and a
        failure stays with its own rule. Documents are queried together in groups of BATCH_SIZE,
        counted rather than measured: a built input costs time in proportion to its size, and what
        a larger batch saves (each query's fixed cost) shrinks as it grows. Measured CPU per
        generated workspace, input and all 58 rules: ~38 ms in batches of 2, 30-32 ms of 8 or 16,
        27-29 ms of 32 to 96 (40 ms before, as JSON text in batches of 3); with workspaces of
        120 kB, 98 ms alone and 74 ms in batches of 16 (as text: 104 ms alone, 163 ms in pairs).
        """
        return [outcome for group in batch_groups(documents) for outcome in self._evaluate_group(group)]

    def _evaluate_group(self, documents: list[dict[str, Any]]) -> list[dict[str, list[Any] | RuleFailure]]:
        outcomes: list[dict[str, list[Any] | RuleFailure]] = [{} for _ in documents]
        batched = self.batched if len(documents) > 1 else []
        alone = [p for p in self.packages if p not in batched]
        if batched:
            self.set_batch(documents)
            for package in batched:
                value, reason = self.query_batched(package)
                # An undefined verdict for one workspace drops out of the array: a length mismatch
                # is a failure to pin on its workspace, like an error.
                if reason is None and isinstance(value, list) and len(value) == len(documents):
                    for outcome, verdicts in zip(outcomes, value):
                        outcome[package] = as_outcome(verdicts, None)
                else:
                    alone.append(package)
        if alone:
            for outcome, document in zip(outcomes, documents):
                self.set_input(document)
                for package in alone:
                    outcome[package] = as_outcome(*self._query(rule_entrypoint(package)))
        return [{package: outcome[package] for package in self.packages} for outcome in outcomes]
