"""Command-line entry point `amlscan`.

Each subcommand lives in `scanner/commands/<name>.py` and exposes `register(subparsers)`; the
modules are imported lazily so that `amlscan --help` stays fast even when collecting pulls in the
Azure SDK.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from scanner import __version__
from scanner.errors import EXIT_CODES_HELP, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, AmlscanError

# In the order --help shows them; the module of `name` is scanner/commands/<name with _ for ->.py.
COMMANDS: tuple[str, ...] = (
    "scan",
    "collect",
    "rules",
    "export", "verify",  # issue 5: evidence bundle
    "init", "history", "diff", "opa-bundle",  # issue 7: scheduled scans
)

# Old names of commands, kept working for CI scripts that call them: name -> the command now.
DEPRECATED_COMMANDS = {"bundle": "opa-bundle"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amlscan",
        description="Compliance and governance scanner for Azure Machine Learning workspaces (HIPAA, GDPR).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"amlscan {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"scanner.commands.{name.replace('-', '_')}")
        module.register(sub)
    # Every internal error suggests --debug: every command takes it (before or after COMMAND).
    for command in sub.choices.values():
        if not any("--debug" in action.option_strings for action in command._actions):
            command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of an internal error")
    return parser



def _input_problem(exc: Exception) -> str | None:
    """Failures that are bad input wherever they surface: a damaged SQLite database (its pages are
    only read when a query reaches them), an integer too long for Python to convert."""
    names = {cls.__module__ + "." + cls.__name__ for cls in type(exc).__mro__}
    if "sqlite3.DatabaseError" in names and "sqlite3.OperationalError" not in names:
        return f"the history database is damaged or not a SQLite database: {exc}"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"the input holds an integer too long to read ({exc})"
    return None


def _redacted(message: str) -> str:
    """An error message can quote the input (a schema violation shows the value): redact it."""
    from scanner.redact import redact_text

    return redact_text(message)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.command in DEPRECATED_COMMANDS:
        print(f"amlscan: warning: `amlscan {args.command}` is deprecated and will be removed; use `amlscan {DEPRECATED_COMMANDS[args.command]}`", file=sys.stderr)
    try:
        return int(args.handler(args))
    except AmlscanError as exc:
        print(f"amlscan: error: {_redacted(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("amlscan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `amlscan history | head`: the reader stopped reading, which is its choice, not an error.
        # Point stdout at /dev/null so the interpreter's final flush does not complain either.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except Exception as exc:  # a bug of ours: say so in one line, keep the traceback opt-in
        if getattr(args, "debug", False):
            raise
        problem = _input_problem(exc)
        if problem:
            print(f"amlscan: error: {_redacted(problem)}", file=sys.stderr)
            return EXIT_USAGE
        print(f"amlscan: internal error: {type(exc).__name__}: {_redacted(str(exc))} (rerun with --debug for details)", file=sys.stderr)
        return EXIT_RUNTIME


if __name__ == "__main__":
    raise SystemExit(main())
