"""``forloeb init``: a commented starter case file that validates as it stands."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from toolkit.exceptions import OutputProblem
from toolkit.outputs import write_atomic


def starter_text() -> str:
    return files("toolkit").joinpath("data/ny_sag.yaml").read_text(encoding="utf-8")


def run(target: Path, force: bool, say: Callable[[str], None]) -> int:
    if target.exists() and not force:
        raise OutputProblem(f"{target}: filen findes allerede; brug --force for at overskrive den")
    write_atomic(target, starter_text().encode("utf-8"))
    say(f"Skrev {target}. Udfyld den, og tjek den med: forloeb validate {target}")
    return 0
