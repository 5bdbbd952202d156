"""``forloeb supervision``: a supervision brief and network page, pseudonymised by default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile import load_case
from toolkit.outputs import write_atomic
from toolkit.render.registry import NETWORK_PAGE, SUPERVISION_BRIEF, supervision_files


def run(case_path: Path, output: Path, today: date | None, with_names: bool, hide_professionals: bool,
        template: Path | None, say: Callable[[str], None]) -> int:
    case = load_case(case_path)
    files = supervision_files(case, today or date.today(), template, with_names=with_names,
                              hide_professionals=hide_professionals)
    for name, content in files.items():
        write_atomic(output / name, content)
    kind = "med navne (kun til internt brug)" if with_names else "pseudonymiseret"
    say(f"Skrev {output / SUPERVISION_BRIEF} og {output / NETWORK_PAGE} ({kind})")
    return 0
