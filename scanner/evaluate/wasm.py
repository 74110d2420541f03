"""Rego compiled by OPA to WebAssembly (`opa build -t wasm`), run in-process with wasmtime.

This is the OPA Wasm ABI (1.2 and later, docs/docs/wasm.md in OPA's source) seen from the host:

- The module imports its memory (`env.memory`), `opa_abort` (a fatal error inside the policy: a
  conflict between rule values, an invalid entrypoint, out of memory), `opa_println` and
  `opa_builtin0..4` (the builtins the module does not carry, listed by its `builtins` export and
  implemented here in wasm_builtins).
- After instantiation: `opa_malloc(0)`, then the data document (`data.amlscan.params`) is parsed
  into the heap once; the heap pointer after it is where every evaluation starts. Each evaluation
  is one `opa_eval` call (the single-call fast path: entrypoint id, data address, input JSON text
  and length, heap pointer, output format) that returns the address of the result set as JSON
  text. Passing the same heap pointer every time resets the heap, so memory does not grow with
  the number of evaluations, only with the largest one.
- A trap (an `opa_abort`, a host builtin's error, running out of the memory limit) ends that
  evaluation only. The instance is then rebuilt from the compiled module before the next
  evaluation, so nothing a failed evaluation left behind can reach another workspace.

A trap cannot take the process down: wasmtime checks every memory access and the module has no
other way out than its imports.
"""

from __future__ import annotations

import ctypes
import json
from collections.abc import Callable
from typing import Any

import wasmtime

# Each evaluation may grow the linear memory up to this; past it, allocation fails and the
# evaluation aborts ("out of memory"): an error for that workspace, not a process killed by the
# system. Measured: the 58-rule library on a 37 kB workspace uses ~3 MB; on 300 kB, ~20 MB.
MEMORY_LIMIT = 256 * 1024 * 1024
_PAGE = 65536

HostBuiltin = Callable[..., Any]


class WasmError(Exception):
    """The module cannot be used at all (wrong ABI, unknown builtin): a policy error."""


class EvaluationFailed(Exception):
    """One evaluation did not complete (abort, host builtin error, trap); its message says why."""


def _i32(count: int) -> list[wasmtime.ValType]:
    return [wasmtime.ValType.i32()] * count


class WasmPolicy:
    """One instance of a compiled policy module, with its data document loaded.

    `builtins` maps a builtin's name to a Python function taking the builtin's arguments as Rego
    values (wasm_builtins.parse_value) and returning a JSON-compatible result; raising makes the
    evaluation fail (strict builtin errors, like the other engines).
    """

    def __init__(self, engine: wasmtime.Engine, module: wasmtime.Module, data: Any, builtins: dict[str, HostBuiltin], memory_limit: int = MEMORY_LIMIT) -> None:
        self._engine = engine
        self._module = module
        self._data_json = json.dumps(data).encode()
        self._host_builtins = builtins
        self._memory_limit = memory_limit
        self._pending: BaseException | None = None
        self.instances = 0  # how many times the module was instantiated (1 + rebuilds after traps)
        self._instantiate()

    # -- setting up -------------------------------------------------------------------------

    def _instantiate(self) -> None:
        store = wasmtime.Store(self._engine)
        store.set_limits(memory_size=self._memory_limit)
        memory_import = next((i for i in self._module.imports if i.module == "env" and i.name == "memory"), None)
        if memory_import is None or not isinstance(memory_import.type, wasmtime.MemoryType):
            raise WasmError("not an OPA policy module: it imports no env.memory")
        minimum = memory_import.type.limits.min
        memory = wasmtime.Memory(store, wasmtime.MemoryType(wasmtime.Limits(minimum, self._memory_limit // _PAGE)))
        linker = wasmtime.Linker(self._engine)
        linker.define(store, "env", "memory", memory)
        linker.define(store, "env", "opa_abort", wasmtime.Func(store, wasmtime.FuncType(_i32(1), []), self._abort))
        linker.define(store, "env", "opa_println", wasmtime.Func(store, wasmtime.FuncType(_i32(1), []), self._println))
        for arity in range(5):
            linker.define(store, "env", f"opa_builtin{arity}", wasmtime.Func(store, wasmtime.FuncType(_i32(arity + 2), _i32(1)), self._builtin))
        self._store, self._memory = store, memory
        instance = linker.instantiate(store, self._module)
        exports = instance.exports(store)
        self._exports = exports
        major, minor = (self._global(name) for name in ("opa_wasm_abi_version", "opa_wasm_abi_minor_version"))
        if major != 1 or minor < 2:
            raise WasmError(f"the policy module has OPA Wasm ABI {major}.{minor}; this engine needs 1.2 or later (opa_eval)")
        self._opa_eval = self._func("opa_eval")
        self._malloc = self._func("opa_malloc")
        self._value_dump = self._func("opa_value_dump")
        self._json_parse = self._func("opa_json_parse")
        self._json_dump = self._func("opa_json_dump")
        self._malloc(store, 0)  # initialises the heap (ABI: before the first heap pointer read)
        builtin_ids = json.loads(self._dump_json(self._func("builtins")(store)))
        unknown = sorted(set(builtin_ids) - set(self._host_builtins))
        if unknown:
            raise WasmError(f"the policy needs builtin(s) this engine does not provide: {', '.join(unknown)}")
        self._builtin_by_id = {int(i): (name, self._host_builtins[name]) for name, i in builtin_ids.items()}
        self.entrypoints: dict[str, int] = {name: int(i) for name, i in json.loads(self._dump_json(self._func("entrypoints")(store))).items()}
        self._data_addr = self._parse_json(self._data_json)
        self._eval_heap = int(self._func("opa_heap_ptr_get")(store))
        self.instances += 1

    def _func(self, name: str) -> wasmtime.Func:
        value = self._exports.get(name)
        if not isinstance(value, wasmtime.Func):
            raise WasmError(f"not an OPA policy module: no {name} function export")
        return value

    def _global(self, name: str) -> int:
        value = self._exports.get(name)
        if not isinstance(value, wasmtime.Global):
            raise WasmError(f"not an OPA policy module: no {name} export")
        return int(value.value(self._store))

    # -- memory -------------------------------------------------------------------------------

    def _base(self) -> int:
        # The memory can move when it grows: read its address every time.
        return ctypes.addressof(self._memory.data_ptr(self._store).contents)

    def _string_at(self, addr: int) -> bytes:
        size = self._memory.data_len(self._store)
        if not 0 <= addr < size:
            raise EvaluationFailed(f"the policy returned an address outside its memory ({addr})")
        return ctypes.string_at(self._base() + addr)

    def _ensure(self, end: int) -> None:
        size = self._memory.data_len(self._store)
        if end > size:
            pages = -(-(end - size) // _PAGE)
            try:
                self._memory.grow(self._store, pages)
            except wasmtime.WasmtimeError:
                raise EvaluationFailed(f"the input ({end - self._eval_heap} bytes) does not fit in the engine's memory limit") from None

    def _write(self, addr: int, data: bytes) -> None:
        self._ensure(addr + len(data))
        ctypes.memmove(self._base() + addr, data, len(data))

    def _parse_json(self, data: bytes) -> int:
        addr = self._malloc(self._store, len(data))
        self._write(addr, data)
        value = self._json_parse(self._store, addr, len(data))
        if not value:
            raise EvaluationFailed("the policy could not parse a JSON value handed to it")
        return int(value)

    def _dump_json(self, value_addr: int) -> bytes:
        return self._string_at(self._json_dump(self._store, value_addr))

    # -- imports ------------------------------------------------------------------------------

    def _abort(self, addr: int) -> None:
        try:
            message = self._string_at(addr).decode("utf-8", "replace")
        except EvaluationFailed:
            message = "(unreadable abort message)"
        self._pending = EvaluationFailed(f"policy aborted: {message}")
        raise self._pending

    def _println(self, addr: int) -> None:
        pass  # print() in a policy is for debugging; a scan's output is its reports

    def _builtin(self, builtin_id: int, _ctx: int, *args: int) -> int:
        from scanner.evaluate.wasm_values import parse_value

        name, function = self._builtin_by_id.get(builtin_id, (str(builtin_id), None))
        try:
            if function is None:
                raise ValueError("unknown builtin id")
            values = [parse_value(self._string_at(self._value_dump(self._store, a))) for a in args]
            result = function(*values)
            return self._parse_json(json.dumps(result, ensure_ascii=False).encode())
        except EvaluationFailed as exc:
            self._pending = exc
        except Exception as exc:  # the builtin's own error, as OPA's strict mode reports it
            self._pending = EvaluationFailed(f"{name}: {exc}")
        raise self._pending

    # -- evaluation -----------------------------------------------------------------------------

    def evaluate(self, entrypoint: str, input_json: bytes) -> list[Any]:
        """The result set of one entrypoint on one input (JSON text): `[]` when undefined, else
        `[{"result": value}]`. Raises EvaluationFailed; the instance is rebuilt before returning."""
        entrypoint_id = self.entrypoints.get(entrypoint)
        if entrypoint_id is None:
            raise EvaluationFailed(f"the policy module has no entrypoint {entrypoint}")
        self._pending = None
        try:
            self._write(self._eval_heap, input_json)
            result = self._opa_eval(self._store, 0, entrypoint_id, self._data_addr, self._eval_heap, len(input_json), self._eval_heap + len(input_json), 0)
            text = self._string_at(result)
        except (wasmtime.WasmtimeError, wasmtime.Trap, EvaluationFailed) as exc:
            failure = self._pending or (exc if isinstance(exc, EvaluationFailed) else EvaluationFailed(f"the policy trapped: {_trap_message(exc)}"))
            self._rebuild()
            raise failure from None
        try:
            value = json.loads(text)
        except ValueError:
            raise EvaluationFailed(f"the policy returned text that is not JSON: {text[:200]!r}") from None
        if not isinstance(value, list):
            raise EvaluationFailed(f"unexpected result set shape: {text[:200]!r}")
        return value

    def _rebuild(self) -> None:
        self._instantiate()

    def memory_size(self) -> int:
        return int(self._memory.data_len(self._store))


def _trap_message(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
