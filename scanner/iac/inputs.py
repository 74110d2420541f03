"""What `amlscan scan` was given to read, and reading it: a snapshot file, or infrastructure code
(an ARM template with its parameters, a what-if result, a Terraform plan, a file of any of these
kinds recognised by its content, or a folder to walk)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UsageError
from scanner.snapshot.load import Snapshot


@dataclass(frozen=True)
class InputFiles:
    """The files named on the command line: SNAPSHOT (a snapshot, an IaC file or a folder), or
    --template (+ --parameters), --what-if, --plan."""

    snapshot: str | None = None
    template: str | None = None
    parameters: str | None = None
    what_if: str | None = None
    plan: str | None = None

    @property
    def iac_files(self) -> list[tuple[str, str]]:
        """(kind, path) of the infrastructure-code options given."""
        kinds = (("arm-template", self.template), ("arm-what-if", self.what_if), ("terraform-plan", self.plan))
        return [(kind, path) for kind, path in kinds if path]


def load_input(files: InputFiles) -> Snapshot:
    from scanner.iac.discover import iac_snapshot
    from scanner.snapshot.load import load_snapshot

    chosen = files.iac_files
    given = files.snapshot
    if given is None and not chosen:  # the pipeline scans the configured targets instead
        raise UsageError("give exactly one input: SNAPSHOT.json or a folder, --template, --what-if or --plan")
    if not chosen and not files.parameters:
        assert given is not None
        if given and Path(given).is_dir():
            return iac_snapshot("folder", given)
        from scanner.iac.discover import classify

        kind = classify(Path(given)) if given and Path(given).is_file() else None
        return iac_snapshot(kind, given) if kind in ("arm-template", "arm-what-if", "terraform-plan") else load_snapshot(given)
    if len(chosen) + (1 if given else 0) != 1:
        raise UsageError("give exactly one input: SNAPSHOT.json or a folder, --template, --what-if or --plan")
    if files.parameters and not files.template:
        raise UsageError("--parameters goes with --template")
    if chosen:
        kind, path = chosen[0]
        return iac_snapshot(kind, path, files.parameters)
    assert given is not None  # exactly one input, and not an IaC option
    if Path(given).is_dir():
        return iac_snapshot("folder", given)
    return load_snapshot(given)
