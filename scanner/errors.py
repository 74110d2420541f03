"""Error types that map onto the documented exit codes.

User mistakes (a bad file, a bad option) must reach the user as one clear line, never as a
traceback, so every such failure is raised as `UsageError` and caught once in `cli.main`.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_RUNTIME = 3

# What each exit code means, as `amlscan --help` and `amlscan scan --help` print it.
EXIT_CODES_HELP = """exit codes:
  0  no failing result at or above the --fail-on threshold
  1  the gate failed: a failing result at or above the threshold (or an unknown one with --fail-on-unknown)
  2  usage or input error: bad option, unreadable or invalid snapshot, policy syntax error
  3  runtime error: engine or collector failure
"""


class AmlscanError(Exception):
    exit_code = EXIT_RUNTIME


class UsageError(AmlscanError):
    """Bad input from the user: a file, an option, a policy they wrote. Exit code 2."""

    exit_code = EXIT_USAGE


class RuntimeFailure(AmlscanError):
    """The scanner could not do its job: engine or collector failure. Exit code 3."""

    exit_code = EXIT_RUNTIME
