"""``forloeb mødebrev``: a letter to the citizen about the next planned meeting (or the one on a date)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.analyse.meetings import PlannedMeeting, meeting_for_letter, planned_meetings
from toolkit.casefile import load_case
from toolkit.dates import danish_date
from toolkit.exceptions import NoMeetingPlanned
from toolkit.model import Case
from toolkit.outputs import write_documents
from toolkit.settings import settings_for
from toolkit.render.letter import MOEDEBREV, render_meeting_letter

MEETING_NAMES = {"samtale": "samtale", "netværksmøde": "netværksmøde",
                 "rehabiliteringsteam": "møde i rehabiliteringsteamet", "afgørelsesmøde": "møde før afgørelse"}
"""How messages name each kind of meeting."""


def run(case_path: Path, on: date | None, output: Path | None, template: Path | None, today: date | None,
        pdf: bool, say: Callable[[str], None], archive: bool = False, settings_file: Path | None = None) -> int:
    if pdf or archive:
        from toolkit.render.pdf import libreoffice

        libreoffice()
    today = today or date.today()
    case = load_case(case_path)
    meeting = meeting_for_letter(case, today, on)
    if meeting is None:
        raise NoMeetingPlanned(no_meeting_message(case_path, case, today, on))
    content = render_meeting_letter(case, meeting, today=today, template=template,
                                    settings=settings_for(case_path, settings_file))
    write_documents({output or Path(f"{case.sag.id}-{MOEDEBREV.filename}"): content}, pdf=pdf, archive=archive,
                    say=say, described=describe(meeting))
    return 0


def describe(meeting: PlannedMeeting) -> str:
    return f"{MEETING_NAMES[meeting.art]} {danish_date(meeting.dato)}"


def no_meeting_message(case_path: Path, case: Case, today: date, on: date | None) -> str:
    """Why no letter was written, and what to do about it."""
    meetings = planned_meetings(case)
    if on is not None:
        text = (f"{case_path}: der er ikke planlagt noget møde den {danish_date(on)}, så der er intet mødebrev "
                "at skrive")
    else:
        text = (f"{case_path}: sagen har intet planlagt møde fra {danish_date(today)} og frem, så der er intet "
                "mødebrev at skrive")
    if meetings:
        text += "; planlagte møder i sagen: " + ", ".join(describe(m) for m in meetings)
        text += "; vælg et af dem med --møde ÅÅÅÅ-MM-DD"
    else:
        text += ("; et møde planlægges i sagsfilen som en samtale med 'status: planlagt', "
                 "'opfølgning.næste_rehabiliteringsteam' eller 'opfølgning.afgørelsesmøde'")
    return text
