"""``forloeb validate``: check case files without writing anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.casefile import find_case_files
from toolkit.casefile.loader import load_located
from toolkit.exceptions import EXIT_USER_ERROR, CaseFileError
from toolkit.model.case import PROFESSIONAL_SECTORS
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
                where, text = hint
                line, column = locate(where)
                say(f"{path}:{line}:{column}: tip: {text}")
    if failed:
        complain(f"{failed} af {len(files)} sagsfiler har fejl.")
        return EXIT_USER_ERROR
    return 0


def coordinator_hint(case) -> tuple[str, str] | None:
    """Where and what to tell the caseworker about the coordinator: found only by role (name it in
    ``sag``), or not found because several actors or none have the role (every output will say
    "koordinator ikke angivet")."""
    found = find_coordinator(case)
    index = {a.id: i for i, a in enumerate(case.aktoerer)}
    if found.kilde == "rolle":
        return f"aktører[{index[found.id]}].rolle", (
            f"koordinatoren er fundet ud fra rollen; skriv 'koordinerende_sagsbehandler: {found.id}' under "
            "'sag:', så det står klart")
    if found.kilde == "flere":
        return f"aktører[{index[found.kandidater[1]]}].rolle", (
            f"{found.tekst} ({', '.join(found.kandidater)})")
    if found.kilde == "ingen" and any(a.sektor in PROFESSIONAL_SECTORS for a in case.aktoerer):
        return "sag", f"{found.tekst}; skriv 'koordinerende_sagsbehandler: ID' under 'sag:'"
    return None
