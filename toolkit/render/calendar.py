"""The follow-up plan as an iCalendar file (RFC 5545) for the caseworker's own calendar.

Every plan item becomes one all-day event. The file is a pure function of its input, so
the same case and date give byte-identical files that can be committed and diffed:

- UID: a hash of the case id and the item's stable key, so importing a newer file updates
  the events it imported before instead of adding duplicates;
- DTSTAMP: the plan date (``stamp``) at midnight UTC, never the clock; SEQUENCE counts the
  days from 2000-01-01 to it, so a later export is a later revision of each event, which
  is how calendar programs decide which copy wins (RFC 5546, section 2.1.5);
- text is cleaned of characters iCalendar cannot hold and escaped by the library.

The events carry no more personal data than the caseworker needs: the titles say
"borgeren", the events are marked private, and the command builds the plan from the
pseudonymised case (no name, CPR number or address of the citizen).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from toolkit.analyse.followup import PlanItem
from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.render.jinja import clean_text

PRODID = "-//forloeb//forloeb//DA"
EPOCH = date(2000, 1, 1)
"""DTSTAMP when no plan date is given, and the origin of SEQUENCE."""


def event_uid(case: Case, item: PlanItem) -> str:
    """Globally unique and stable: the same case and key give the same UID on every run."""
    digest = hashlib.sha1(f"{case.sag.id}/{item.noegle}".encode()).hexdigest()
    return f"{digest}@forloeb"


def calendar_ics(case: Case, items: Sequence[PlanItem], *, stamp: date | None = None) -> bytes:
    """The calendar file for ``items`` of ``case``; ``stamp`` is the date the plan was made for."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{case.sag.forloeb.capitalize()} {case.sag.id}")
    made = datetime.combine(stamp or EPOCH, time(), tzinfo=UTC)
    footer = (f"Sag {case.sag.id}. Fra opfølgningsplanen"
              + (f" pr. {danish_date(stamp)}" if stamp else "")
              + "; ret datoer i sagsfilen, ikke i kalenderen.")
    for item in items:
        event = Event()
        event.add("uid", event_uid(case, item))
        event.add("dtstamp", made)
        event.add("sequence", ((stamp or EPOCH) - EPOCH).days)
        event.add("dtstart", item.dato)
        event.add("dtend", item.dato + timedelta(days=1))
        event.add("summary", _text(f"{item.titel} ({case.sag.id})"))
        body = "\n".join(filter(None, (item.beskrivelse, item.note)))
        event.add("description", _text(f"{body}\n\n{footer}"))
        event.add("categories", [item.art])
        event.add("class", "PRIVATE")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def _text(value: str) -> str:
    """Plain text iCalendar can carry: no control characters, line breaks as ``\\n``."""
    return clean_text(value).strip()
