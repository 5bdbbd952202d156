"""``forloeb migrér``: bring case files to the current format in place, keeping comments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.casefile import find_case_files
from toolkit.casefile.loader import read_case_file, shown_name
from toolkit.casefile.migrations import migrate_text
from toolkit.casefile.source import decode
from toolkit.exceptions import EXIT_USER_ERROR, ForloebError, Problem
from toolkit.model import SCHEMA_VERSION
from toolkit.outputs import write_atomic


def run(paths: list[Path], say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    failed = False
    for path in find_case_files(paths):
        try:
            text = decode(read_case_file(path))  # a regular file of an allowed size only, as every command reads
            new, changes = migrate_text(text)
        except ForloebError as error:
            for line in error.lines():
                complain(line)
            failed = True
            continue
        except OSError as exc:
            complain(str(Problem(shown_name(path), 1, 1, "", f"kan ikke læse filen ({exc.strerror})")))
            failed = True
            continue
        except Exception as exc:  # ruamel raises many kinds for broken YAML; validate tells the details
            complain(str(Problem(shown_name(path), 1, 1, "", f"kan ikke opdateres ({type(exc).__name__}); "
                                                      f"tjek den først med: forloeb validate {path}")))
            failed = True
            continue
        if not changes:
            say(f"{path}: allerede i format {SCHEMA_VERSION}")
            continue
        write_atomic(path, new.encode("utf-8"))
        say(f"{path}: opdateret til format {SCHEMA_VERSION}")
        for change in changes:
            say(f"  {change}")
    return EXIT_USER_ERROR if failed else 0

