"""``forloeb ændringer``: what changed in the plan since an earlier version, as text or a Word appendix.

With one file the earlier version comes from git (``--siden REV``, or by default the version
the rehabiliteringsteam last saw); with two files no git is involved: ``GAMMEL NY``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.analyse.changes import Change, compare
from toolkit.exceptions import UsageProblem
from toolkit.history import Version, earlier_version, read_file
from toolkit.outputs import write_atomic
from toolkit.render.documents import DocumentKind, default_template, render_docx

AENDRINGER = DocumentKind("aendringer", "Ændringer i planen")
NONE = "Ingen ændringer i planen."


def run(files: list[Path], since: str | None, docx: Path | None, say: Callable[[str], None],
        complain: Callable[[str], None], today: date | None = None) -> int:
    if len(files) > 2:
        raise UsageProblem("Angiv én sagsfil (sammenlignes med en tidligere version i git) eller to sagsfiler "
                           "(GAMMEL NY).")
    if len(files) == 2 and since is not None:
        raise UsageProblem("--siden bruges med én sagsfil; med to filer sammenlignes de direkte.")
    if len(files) == 2:
        old, new = read_file(files[0]), read_file(files[1])
    else:
        current = read_file(files[0])
        new = Version(current.case, f"den nuværende {files[0]}")
        old = earlier_version(files[0], current.case, since)
    if old.case.sag.id != new.case.sag.id:
        complain(f"Bemærk: de to versioner har forskelligt sags-id ({old.case.sag.id} og {new.case.sag.id}); "
                 "er det den samme sag?")
    changes = compare(old.case, new.case)
    for line in text_lines(old, new, changes):
        say(line)
    if docx:
        write_atomic(docx, render_changes(old, new, changes, today or date.today()))
        say(f"Skrev {docx}")
    return 0


def heading(old: Version, new: Version) -> str:
    return f"Ændringer i planen for sag {new.case.sag.id}: {old.navn} → {new.navn}"


def text_lines(old: Version, new: Version, changes: list[Change]) -> list[str]:
    """The heading, why this version, and one line per change under its section."""
    lines = [heading(old, new)]
    if old.begrundelse:
        lines.append(old.begrundelse)
    if not changes:
        return [*lines, "", NONE]
    section = None
    for change in changes:
        if change.afsnit != section:
            section = change.afsnit
            lines += ["", f"{section}:"]
        lines.append(f"  - {change.tekst}  [{change.kilde}]")
    return lines


def changes_context(old: Version, new: Version, changes: list[Change], today: date) -> dict[str, Any]:
    """The variables of the appendix template: the letterhead's, the two versions and the rows."""
    case = new.case
    rows = []
    for index, change in enumerate(changes):
        first = index == 0 or changes[index - 1].afsnit != change.afsnit
        rows.append({"afsnit": change.afsnit, "første": first, "art": change.art, "tekst": change.tekst,
                     "kilde": change.kilde})
    return {
        "dokument": {"titel": AENDRINGER.title, "dato": today},
        "sag": {**case.sag.model_dump(by_alias=True), "slutdato": case.sag.slutdato},
        "borger": {"navn": case.borger.navn},
        "fra": old.navn,
        "til": new.navn,
        "begrundelse": old.begrundelse or "",
        "ændringer": rows,
        "antal": len(rows),
    }


def render_changes(old: Version, new: Version, changes: list[Change], today: date,
                   template: Path | None = None) -> bytes:
    """The appendix for the rehabiliteringsteam as .docx bytes."""
    context = changes_context(old, new, changes, today)
    return render_docx(template or default_template(AENDRINGER), lambda _document: context,
                       title=AENDRINGER.title, subject=f"Sag {new.case.sag.id}", day=today)
