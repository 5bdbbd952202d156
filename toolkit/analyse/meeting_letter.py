"""What the meeting letter to the citizen says, in plain Danish addressed to "du".

The words come from ``toolkit/data/moedebrev.yaml`` (with their sources); this module only
chooses among them for the meeting and the case, fills in names, times and places, and
explains every professional word the first time the letter uses it, right after the
sentence it stands in. The result is plain data in reading order for the template.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from babel.dates import format_date
from ruamel.yaml import YAML

from toolkit.analyse.meetings import PlannedMeeting, coordinator
from toolkit.dates import LOCALE, danish_date
from toolkit.model import Case
from toolkit.model.case import Aktoer

END_SOON_MONTHS = 6
"""A team meeting this close to the forløb's end is also about what comes after it."""
_SENTENCE_END = re.compile(r"(?:(?<=[^\d\s][.!?:])|(?<=\d[.!?:])(?=\s+[^\W\d_]*[A-ZÆØÅ]))\s+")
"""A sentence ends at . ! ? or : after a word, or after a number when a capital follows
(``12. januar`` and ``9.30`` do not end one; ``i 2018. Derefter`` does)."""


@cache
def letter_texts() -> dict[str, Any]:
    """The letter's words, as shipped in the package."""
    return YAML(typ="safe").load((files("toolkit") / "data" / "moedebrev.yaml").read_text(encoding="utf-8"))


class _Glossary:
    """Explains each professional word once: after the first sentence that uses it."""

    def __init__(self, entries: list[dict[str, Any]]):
        self.entries = [(re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(e["former"], key=len, reverse=True)))
                                    + r")(?!\w)", re.IGNORECASE), e["forklaring"].strip()) for e in entries]
        self.explained: set[int] = set()

    def __call__(self, text: str) -> str:
        out = []
        for sentence in _SENTENCE_END.split(text.strip()):
            out.append(sentence)
            for index, (pattern, explanation) in enumerate(self.entries):
                if index not in self.explained and pattern.search(sentence):
                    self.explained.add(index)
                    out.append(explanation)
        return " ".join(out)


def letter_content(case: Case, meeting: PlannedMeeting, today: date) -> dict[str, Any]:
    """The letter's content for one meeting, as the template ``moedebrev.docx`` shows it."""
    texts = letter_texts()
    kind = texts["møder"][meeting.art]
    explain = _Glossary(texts["ord"])
    sender = case.sag.jobcenter or case.sag.kommune
    lead = coordinator(case)
    contact_name = lead.navn if lead else None
    values = {"forløb": texts["forløb"][case.sag.forloeb], "afsender": sender, "kontakt": contact_name,
              "om": kind.get("om", {}).get(meeting.afgoerelse_om or "", "")}

    def fill(text: str, **names: str) -> str:
        """A text from the data file with the case's values filled in (once: a name may hold braces)."""
        return explain(text.format(**values, **names))

    time_line = _when(meeting) + ("" if meeting.klokkeslaet else ". " + texts["tid"]["uden_klokkeslæt"])
    place_line = _where(meeting, texts["sted"], values)
    minutes = meeting.varighed_minutter or kind["varighed_minutter"]
    # in reading order, so each word is explained where the reader first meets it
    cancel = fill(texts["afbud"]["med_kontakt" if contact_name else "uden_kontakt"])
    why = [fill(p) for p in _why(case, meeting, kind)]
    topic = explain(meeting.emne) if meeting.emne else None
    who_intro, who, who_after = _who(case, meeting, lead, texts, fill)
    steps = [fill(s) for s in kind["trin"]]
    prepare = texts["forberedelse"]
    prepare_intro = fill(prepare["indledning"])
    questions = [fill(q) for q in prepare["spørgsmål"]]
    companion = [fill(p) for p in texts["bisidder"]]
    after = [fill(p) for p in kind["bagefter"] + texts["svar"]]
    contact_intro = fill(texts["kontakt"]["indledning" if lead else "uden_kontakt"])
    return {
        "titel": kind["titel"],
        "hilsen": f"Kære {case.borger.navn.split()[0]}",
        "hvornår": time_line,
        "hvor": place_line,
        "varighed": _duration(minutes).capitalize() + ".",
        "afbud": cancel,
        "hvorfor": why,
        "emne_indledning": kind.get("emne") if topic else None,
        "emne": topic,
        "hvem_indledning": who_intro,
        "hvem": who,
        "hvem_afslutning": who_after,
        "trin": steps,
        "forberedelse": prepare_intro,
        "spørgsmål": questions,
        "skrivelinjer": list(range(max(1, int(prepare["skrivelinjer"])))),
        "bisidder": companion,
        "bagefter": after,
        "kontakt_indledning": contact_intro,
        "kontakt": _contact(lead),
        "afsender": sender,
        "mødedato": meeting.dato,
        "dato": today,
    }


def _when(meeting: PlannedMeeting) -> str:
    day = format_date(meeting.dato, "EEEE 'den' d. MMMM y", locale=LOCALE)
    if meeting.klokkeslaet:
        hours, minutes = meeting.klokkeslaet.split(":")
        day += f" klokken {int(hours)}.{minutes}"
    return day[0].upper() + day[1:]


def _where(meeting: PlannedMeeting, places: dict[str, str], values: dict[str, Any]) -> str:
    """The place as written; 'telefon', 'video' or a samtale's form (hjemmebesøg, …) in words."""
    written = (meeting.sted or "").strip()
    if written and written.lower() not in places:
        return written
    return places.get(written.lower() or meeting.form or "", places["ukendt"]).format(**values)


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"cirka {minutes} minutter"
    words = {1: "en time", 2: "to timer", 3: "tre timer"}
    if rest == 0:
        return "cirka " + words.get(hours, f"{hours} timer")
    if rest == 30 and hours == 1:
        return "cirka halvanden time"
    return f"cirka {words.get(hours, f'{hours} timer')} og {rest} minutter"


def _why(case: Case, meeting: PlannedMeeting, kind: dict[str, Any]) -> list[str]:
    if meeting.art in ("samtale", "netværksmøde"):
        # before a grant there is no forløb to talk about yet: the first line says so
        first = kind["hvorfor_først"]["med_forløb" if case.sag.bevilget else "før_forløb"]
        return [first, *kind["hvorfor"]]
    if meeting.art != "rehabiliteringsteam":
        return list(kind["hvorfor"])
    if meeting.foerste_teammoede or not case.sag.bevilget:
        return list(kind["hvorfor_første"])
    paragraphs = list(kind["hvorfor_igen"])
    end = case.sag.slutdato
    if end is not None and meeting.dato <= end <= meeting.dato + timedelta(days=END_SOON_MONTHS * 31):
        paragraphs[1:1] = [p.format(slut=danish_date(end)) for p in kind["hvorfor_slut"]]
    return paragraphs


def _who(case: Case, meeting: PlannedMeeting, lead: Aktoer | None, texts: dict[str, Any],
         fill) -> tuple[str | None, list[str], str | None]:
    """An introduction, one line per person (or team function), and a closing line."""
    if meeting.art == "rehabiliteringsteam":
        team = texts["teamfunktioner"]
        if meeting.teamdeltagere:
            lines = [fill(_first_match(team, d.funktion, "tekst"), hvem=d.navn or "En medarbejder",
                          funktion=d.funktion) for d in meeting.teamdeltagere]
        else:
            lines = [fill(p) for p in team["ukendte_deltagere"]]
            age = _age(case, meeting.dato)
            if age is None or age < team["uddannelse_under_alder"]:
                lines.append(fill(team["uddannelse_alder_ukendt" if age is None else "uddannelse_under_30"]))
            if lead is not None:
                lines.append(fill(_first_match(team, "koordinerende sagsbehandler", "tekst"), hvem=lead.navn,
                                  funktion=""))
        return None, lines, fill(team["har_læst"])
    people = list(meeting.deltagere)
    if lead is not None and all(p.id != lead.id for p in people):
        people.insert(0, lead)
    if not people:
        return fill(texts["hvem"]["ukendt"]), [], None
    lines = []
    for person in people:
        hos = f" fra {person.organisation}" if person.organisation and person.rolle.lower() != "pårørende" else ""
        rule = _first_match(texts["roller"], person.rolle, "tekst")
        if person.sektor == "familie" and "pårørende" not in person.rolle.lower():
            rule = texts["familie"]  # 'Poul Kjær er din far', not 'er far'
        lines.append(fill(rule, navn=person.navn, hos=hos, rolle=person.rolle))
    return fill(texts["hvem"]["kendt" if len(lines) > 1 else "kendt_en"]), lines, None


def _age(case: Case, day: date) -> int | None:
    """The citizen's age on ``day`` from the birth date, else the age written in the case."""
    born = case.borger.foedselsdato
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return case.borger.alder


def _first_match(rules: list[dict[str, str]] | dict[str, Any], text: str, key: str) -> str:
    entries = rules if isinstance(rules, list) else [r for r in rules.get("regler", [])]
    lowered = text.lower()
    return next(r[key] for r in entries if r["indeholder"] in lowered)


def _contact(lead: Aktoer | None) -> dict[str, str | None] | None:
    if lead is None:
        return None
    return {"navn": lead.navn, "telefon": lead.telefon, "email": lead.email, "organisation": lead.organisation}
