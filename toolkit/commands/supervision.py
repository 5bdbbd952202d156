"""``forloeb supervision``: a supervision brief and network page, pseudonymised by default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile.loader import load_located
from toolkit.outputs import write_atomic
from toolkit.render.registry import NETWORK_PAGE, SUPERVISION_BRIEF, supervision_files
from toolkit.settings import settings_for


def run(case_path: Path, output: Path, today: date | None, with_names: bool, hide_professionals: bool,
        template: Path | None, say: Callable[[str], None], settings_file: Path | None = None) -> int:
    case, locate = load_located(case_path)
    settings = settings_for(case_path, settings_file)
    files = supervision_files(case, today or date.today(), template, settings, with_names=with_names,
                              hide_professionals=hide_professionals, source=str(case_path), locate=locate)
    for name, content in files.items():
        write_atomic(output / name, content)
    kind = "med navne (kun til internt brug)" if with_names else "pseudonymiseret"
    say(f"Skrev {output / SUPERVISION_BRIEF} og {output / NETWORK_PAGE} ({kind})")
    return 0
