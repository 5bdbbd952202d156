"""The meeting letter to the citizen as a Word document, from ``templates/moedebrev.docx``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from toolkit.analyse.meeting_letter import letter_content
from toolkit.analyse.meetings import PlannedMeeting
from toolkit.model import Case
from toolkit.render.documents import DocumentKind, default_template, render_docx
from toolkit.settings import Settings

MOEDEBREV = DocumentKind("moedebrev", "Brev om dit møde")


def letter_context(case: Case, meeting: PlannedMeeting, today: date) -> dict[str, Any]:
    """What the template sees: the letterhead's variables as in the plans (``sag``, ``borger``), and ``brev``."""
    dumped = case.model_dump(by_alias=True, include={"sag", "borger"})
    return {"sag": dumped["sag"], "borger": dumped["borger"], "dokument": {"titel": MOEDEBREV.title, "dato": today},
            "brev": letter_content(case, meeting, today)}


def render_meeting_letter(case: Case, meeting: PlannedMeeting, *, today: date, template: Path | None = None,
                          settings: Settings | None = None) -> bytes:
    """The finished letter (.docx) as bytes."""
    context = letter_context(case, meeting, today)
    return render_docx(template or default_template(MOEDEBREV), lambda _document: context,
                       title=MOEDEBREV.title, subject=f"Sag {case.sag.id}", day=today, settings=settings)
