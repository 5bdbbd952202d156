"""``forloeb validate``: check case files without writing anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.casefile import find_case_files, load_case
from toolkit.exceptions import EXIT_USER_ERROR, CaseFileError


def run(paths: list[Path], say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    files = find_case_files(paths)
    if not files:
        complain("Ingen sagsfiler (.yaml eller .yml) fundet.")
        return EXIT_USER_ERROR
    failed = 0
    for path in files:
        try:
            case = load_case(path)
        except CaseFileError as error:
            failed += 1
            for line in error.lines():
                complain(line)
        else:
            say(f"{path}: i orden (sag {case.sag.id})")
    if failed:
        complain(f"{failed} af {len(files)} sagsfiler har fejl.")
        return EXIT_USER_ERROR
    return 0
