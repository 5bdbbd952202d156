"""``forloeb validate``: check case files without writing anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.casefile import find_case_files
from toolkit.casefile.loader import load_located
from toolkit.exceptions import EXIT_USER_ERROR, CaseFileError
from toolkit.model.coordinator import find_coordinator


def run(paths: list[Path], say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    files = find_case_files(paths)
    if not files:
        complain("Ingen sagsfiler (.yaml eller .yml) fundet.")
        return EXIT_USER_ERROR
    failed = 0
    for path in files:
        try:
            case, locate = load_located(path)
        except CaseFileError as error:
            failed += 1
            for line in error.lines():
                complain(line)
        else:
            say(f"{path}: i orden (sag {case.sag.id})")
            hint = coordinator_hint(case)
            if hint:
                index, text = hint
                line, column = locate(f"aktører[{index}].rolle")
                say(f"{path}:{line}:{column}: tip: {text}")
    if failed:
        complain(f"{failed} af {len(files)} sagsfiler har fejl.")
        return EXIT_USER_ERROR
    return 0


def coordinator_hint(case) -> tuple[int, str] | None:
    """When the coordinator is found only by role: the actor's index and a hint to name it in ``sag``."""
    found = find_coordinator(case)
    if found.kilde != "rolle":
        return None
    index = next(i for i, a in enumerate(case.aktoerer) if a.id == found.id)
    return index, (f"koordinatoren er fundet ud fra rollen; skriv 'koordinerende_sagsbehandler: {found.id}' under "
                   "'sag:', så det står klart")
