"""Error types that map onto the documented exit codes.

User mistakes (a bad file, a bad option) must reach the user as one clear line, never as a
traceback, so every such failure is raised as `UsageError` and caught once in `cli.main`.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_RUNTIME = 3


class AmlscanError(Exception):
    exit_code = EXIT_RUNTIME


class UsageError(AmlscanError):
    """Bad input from the user: a file, an option, a policy they wrote. Exit code 2."""

    exit_code = EXIT_USAGE


class RuntimeFailure(AmlscanError):
    """The scanner could not do its job: engine or collector failure. Exit code 3."""

    exit_code = EXIT_RUNTIME
