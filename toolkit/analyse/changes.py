"""What changed in the plan between two versions of a case file, as Danish sentences.

The rehabiliteringsteam sees a case again months later and wants to know what happened to
the plan it recommended: efforts added, ended or changed, delmål reached, helpers joining
or leaving, new events. ``compare`` is a pure function of two validated cases; reading old
versions (git, migration) happens in ``toolkit.history``.

Items are matched by what identifies them to a caseworker: efforts and actors by id,
delmål and aftaler by their text (a reworded one counts as changed, not removed and
added), events, samtaler and notes on the citizen's development by date and type or text.
``kilde`` is where the item stands in the new file (for removed items: in the old one,
marked ``tidligere``). Contact dates on relations (``seneste_kontakt``) change at every
update and are left out on purpose; so are the citizen's contact details.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Literal, TypeVar

from toolkit.dates import danish_date
from toolkit.model import Case, names
from toolkit.model.case import (
    Aktoer,
    Delmaal,
    Haendelse,
    Indsats,
    Relation,
    Samtale,
    Udviklingsnote,
)
from toolkit.text import one_line, shorten

SECTIONS = ("Indsatser", "Mål og delmål", "Aktører", "Hændelser", "Samtaler", "Relationer", "Sagen",
            "Rehabiliteringsteamet", "Aftaler", "Udvikling")
"""The fixed order of sections: the plan itself first, then its people, then the rest."""

Art = Literal["tilføjet", "fjernet", "ændret", "afsluttet", "startet"]
REMOVED = "tidligere "
"""Prefix of ``kilde`` for an item that is only in the old version (its path there)."""
UNKNOWN = "ikke oplyst"
SHORT = 160
"""Free text longer than this (minutes, notes) is shortened in the list; the file has it all."""
SIMILAR = 0.6
"""Two delmål or aftaler this alike (difflib ratio) are the same item reworded."""


@dataclass(frozen=True)
class Change:
    """One change in the plan: section, kind, a readable Danish sentence and where it stands."""

    afsnit: str
    art: Art
    tekst: str
    kilde: str


def compare(old: Case, new: Case) -> list[Change]:
    """Every change from ``old`` to ``new``, ordered by section and then by place in the file."""
    found: list[Change] = []
    for part in (_efforts, _goals, _people, _events, _talks, _relations, _case_facts, _team, _agreements,
                 _development):
        found += part(old, new)
    return sorted(found, key=_order)


def _order(change: Change) -> tuple:
    removed = change.kilde.startswith(REMOVED)
    path = change.kilde.removeprefix(REMOVED)
    return (SECTIONS.index(change.afsnit), removed,
            [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)])


# -- formatting ----------------------------------------------------------------


def _with_details(text: str, details: list[str]) -> str:
    """``Tekst (frist …, status: …)``: a closing full stop gives way to the parenthesis."""
    text = one_line(text)
    return f"{text.rstrip('.')} ({', '.join(details)})" if details else text


def _who(case: Case, actor_id: str | None) -> str:
    """An actor inside parentheses or a list: ``Navn, rolle``; the citizen is ``borgeren``."""
    actor = case.aktoer(actor_id) if actor_id is not None else None
    return f"{actor.navn}, {actor.rolle}" if actor else _name(case, actor_id)


def _label(case: Case, actor_id: str | None) -> str:
    """An actor in running text: ``Navn (rolle)``; the citizen is ``borgeren``."""
    return UNKNOWN if actor_id is None else names.label(case, actor_id)


def _name(case: Case, actor_id: str | None) -> str:
    return UNKNOWN if actor_id is None else names.name(case, actor_id)


Formatter = Callable[[Any, Case], str]


def _plain(value: Any, _case: Case | None = None) -> str:
    """Dates, yes/no, numbers and fixed choices, as written in Danish."""
    if value is None or value == "":
        return UNKNOWN
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date):
        return danish_date(value)
    return str(value)


def _text(value: str | None, _case: Case | None = None) -> str:
    """Free text in quotes, so where it begins and ends is plain."""
    return UNKNOWN if not value else f"'{one_line(value)}'"


def _text_short(value: str | None, _case: Case | None = None) -> str:
    return UNKNOWN if not value else f"'{shorten(value, SHORT)}'"


def _actor(value: str | None, case: Case) -> str:
    return _who(case, value)


def _actor_list(value: Sequence[str], case: Case) -> str:
    return ", ".join(_label(case, a) for a in value) if value else "ingen"


Field = tuple[str, str, Formatter]


def _diffs(old: Any, new: Any, fields: Sequence[Field], old_case: Case, new_case: Case) -> list[str]:
    """``navn: før → efter`` for each field that differs, in the order given."""
    return [f"{name}: {fmt(getattr(old, attr), old_case)} → {fmt(getattr(new, attr), new_case)}"
            for attr, name, fmt in fields if getattr(old, attr) != getattr(new, attr)]


# -- matching ------------------------------------------------------------------

T = TypeVar("T")


def _pair(old: Sequence[T], new: Sequence[T], key: Callable[[T], Any],
          *passes: tuple[Callable[[T, T], float], float]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of (old index, new index), then the old items left over and the new ones.

    First items with equal ``key`` are paired in order; then each pass pairs what is left
    by a similarity score, best first, down to that pass's threshold.
    """
    pairs: list[tuple[int, int]] = []
    waiting: dict[Any, list[int]] = {}
    for j, item in enumerate(new):
        waiting.setdefault(key(item), []).append(j)
    left_old: list[int] = []
    for i, item in enumerate(old):
        queue = waiting.get(key(item))
        if queue:
            pairs.append((i, queue.pop(0)))
        else:
            left_old.append(i)
    left_new = sorted(j for queue in waiting.values() for j in queue)
    for score, threshold in passes:
        candidates = sorted(((score(old[i], new[j]), i, j) for i in left_old for j in left_new), key=lambda c: -c[0])
        for value, i, j in candidates:
            if value < threshold:
                break
            if i in left_old and j in left_new:
                pairs.append((i, j))
                left_old.remove(i)
                left_new.remove(j)
    return sorted(pairs, key=lambda p: p[1]), left_old, left_new


def _same_text(a: str, b: str) -> float:
    return SequenceMatcher(None, one_line(a).lower(), one_line(b).lower()).ratio()


def _dump(item: Any) -> str:
    return item.model_dump_json()


# -- Indsatser -----------------------------------------------------------------

EFFORT_FIELDS: tuple[Field, ...] = (
    ("titel", "titel", _text), ("type", "type", _plain), ("kategori", "kategori", _plain),
    ("lovgrundlag", "lovgrundlag", _text), ("ansvarlig", "ansvarlig", _actor), ("omfang", "omfang", _text),
    ("start", "start", _plain), ("slut", "slut", _plain), ("status", "status", _plain),
    ("formaal", "formål", _text_short), ("anmodet", "anmodet", _plain),
)
STATUS_AND_DATES = {"status", "start", "slut"}
ENDED = {"afsluttet": "afsluttet", "afbrudt": "afbrudt"}


def _efforts(old: Case, new: Case) -> list[Change]:
    pairs, removed, added = _pair(old.indsatser, new.indsatser, lambda e: e.id,
                                  (lambda a, b: float(one_line(a.titel) == one_line(b.titel)), 1.0))
    found = [_effort_added(new, j) for j in added]
    found += [Change("Indsatser", "fjernet", f"Indsats fjernet: {old.indsatser[i].titel}", f"{REMOVED}indsatser[{i}]")
              for i in removed]
    for i, j in pairs:
        change = _effort_changed(old, new, old.indsatser[i], new.indsatser[j], f"indsatser[{j}]")
        if change:
            found.append(change)
    return found


def _effort_added(case: Case, index: int) -> Change:
    effort = case.indsatser[index]
    text = f"Indsats tilføjet: {effort.titel}"
    if effort.ansvarlig:
        text += f" (ansvarlig: {_who(case, effort.ansvarlig)})"
    details = []
    if effort.start:
        details.append(f"start {danish_date(effort.start)}")
    if effort.slut:
        details.append(f"slut {danish_date(effort.slut)}")
    if effort.omfang:
        details.append(f"omfang: {one_line(effort.omfang)}")
    if effort.status != "planlagt":
        details.append(f"status: {effort.status}")
    return Change("Indsatser", "tilføjet", ", ".join([text, *details]), f"indsatser[{index}]")


def _effort_changed(old_case: Case, new_case: Case, old: Indsats, new: Indsats, where: str) -> Change | None:
    fields = _diffs(old, new, EFFORT_FIELDS, old_case, new_case)
    others = _diffs(old, new, [f for f in EFFORT_FIELDS if f[0] not in STATUS_AND_DATES], old_case, new_case)
    known = {(x.besluttet, x.til) for x in old.forlaengelser}
    extensions = [x for x in new.forlaengelser if (x.besluttet, x.til) not in known]
    dropped = [x for x in old.forlaengelser if (x.besluttet, x.til) not in {(y.besluttet, y.til)
                                                                           for y in new.forlaengelser}]
    extended = [f"forlænget til {danish_date(x.til)} (besluttet {danish_date(x.besluttet)})" for x in extensions]
    extended += [f"forlængelse til {danish_date(x.til)} fjernet" for x in dropped]
    if not fields and not extended:
        return None
    title = new.titel
    if not others and not extended and old.status != new.status:
        simple = _status_sentence(old, new, title)
        if simple:
            return Change("Indsatser", simple[0], simple[1], where)
    if fields == [] and extensions and not dropped and len(extensions) == 1:
        return Change("Indsatser", "ændret", f"Indsats forlænget: {title} {extended[0].removeprefix('forlænget ')}",
                      where)
    return Change("Indsatser", "ændret", f"Indsats ændret: {title} - " + "; ".join(fields + extended), where)


def _status_sentence(old: Indsats, new: Indsats, title: str) -> tuple[Art, str] | None:
    """An effort that only started, ended or paused, said in one word."""
    def moved(attr: str) -> str:
        before, after = getattr(old, attr), getattr(new, attr)
        if after is None:
            return ""
        text = f", {attr} {danish_date(after)}"
        return text + (f" (hidtil {danish_date(before)})" if before and before != after else "")

    if new.status in ENDED:
        return "afsluttet", f"Indsats {ENDED[new.status]}: {title}{moved('slut')}" + (
            "" if old.start == new.start else f"; start: {_plain(old.start)} → {_plain(new.start)}")
    if new.status == "i gang" and old.status in ("planlagt", "sat i bero"):
        word = "startet" if old.status == "planlagt" else "genoptaget"
        return "startet", f"Indsats {word}: {title}{moved('start')}" + (
            "" if old.slut == new.slut else f"; slut: {_plain(old.slut)} → {_plain(new.slut)}")
    if new.status == "sat i bero" and old.start == new.start and old.slut == new.slut:
        return "ændret", f"Indsats sat i bero: {title}"
    return None


# -- Mål og delmål ---------------------------------------------------------------

GOAL_ENDED = {"nået": "nået", "ikke nået": "ikke nået", "opgivet": "opgivet"}
SUBGOAL_FIELDS: tuple[Field, ...] = (("tekst", "tekst", _text), ("frist", "frist", _plain),
                                     ("status", "status", _plain))


def _goals(old: Case, new: Case) -> list[Change]:
    found = _single("Mål og delmål", "mål.beskæftigelsesmål", "Beskæftigelsesmål",
                    old.maal.beskaeftigelsesmaal, new.maal.beskaeftigelsesmaal)
    found += _single("Mål og delmål", "mål.borgerens_egne_ord", "Målet med borgerens egne ord",
                     old.maal.borgerens_egne_ord, new.maal.borgerens_egne_ord)
    pairs, removed, added = _pair(old.maal.delmaal, new.maal.delmaal, lambda d: one_line(d.tekst).lower(),
                                  (lambda a, b: _same_text(a.tekst, b.tekst), SIMILAR))
    for j in added:
        goal = new.maal.delmaal[j]
        details = [f"frist {danish_date(goal.frist)}"] if goal.frist else []
        details += [f"status: {goal.status}"] if goal.status != "ikke påbegyndt" else []
        text = f"Delmål tilføjet: {_with_details(goal.tekst, details)}"
        found.append(Change("Mål og delmål", "tilføjet", text, f"mål.delmål[{j}]"))
    found += [Change("Mål og delmål", "fjernet", f"Delmål fjernet: {one_line(old.maal.delmaal[i].tekst)}",
                     f"{REMOVED}mål.delmål[{i}]") for i in removed]
    for i, j in pairs:
        change = _subgoal_changed(old.maal.delmaal[i], new.maal.delmaal[j], f"mål.delmål[{j}]", old, new)
        if change:
            found.append(change)
    return found


def _subgoal_changed(old: Delmaal, new: Delmaal, where: str, old_case: Case, new_case: Case) -> Change | None:
    fields = _diffs(old, new, SUBGOAL_FIELDS, old_case, new_case)
    if not fields:
        return None
    text = one_line(new.tekst)
    if len(fields) == 1 and old.status != new.status:
        if new.status in GOAL_ENDED:
            return Change("Mål og delmål", "afsluttet", f"Delmål {GOAL_ENDED[new.status]}: {text}", where)
        if new.status == "i gang":
            return Change("Mål og delmål", "startet", f"Delmål påbegyndt: {text}", where)
    if len(fields) == 1 and old.tekst != new.tekst:
        return Change("Mål og delmål", "ændret", f"Delmål omformuleret: {_text(old.tekst)} → {_text(new.tekst)}",
                      where)
    return Change("Mål og delmål", "ændret", f"Delmål ændret: {text} - " + "; ".join(fields), where)


def _single(section: str, where: str, name: str, old: Any, new: Any, fmt: Formatter = _text,
            old_case: Case | None = None, new_case: Case | None = None) -> list[Change]:
    """A single value such as the employment goal: set, removed or changed."""
    if old == new:
        return []
    if old is None:
        return [Change(section, "tilføjet", f"{name} tilføjet: {fmt(new, new_case)}", where)]
    if new is None:
        return [Change(section, "fjernet", f"{name} fjernet (var {fmt(old, old_case)})", where)]
    return [Change(section, "ændret", f"{name} ændret: {fmt(old, old_case)} → {fmt(new, new_case)}", where)]


# -- Aktører -------------------------------------------------------------------

ACTOR_FIELDS: tuple[Field, ...] = (
    ("navn", "navn", _plain), ("rolle", "rolle", _plain), ("organisation", "organisation", _plain),
    ("sektor", "sektor", _plain), ("kerneopgave", "kerneopgave", _text_short), ("telefon", "telefon", _plain),
    ("email", "e-mail", _plain), ("cvr", "CVR", _plain),
)


def _actor_text(actor: Aktoer) -> str:
    where = f", {actor.organisation}" if actor.organisation else ""
    return f"{actor.navn} ({actor.rolle}{where})"


def _people(old: Case, new: Case) -> list[Change]:
    pairs, removed, added = _pair(old.aktoerer, new.aktoerer, lambda a: a.id,
                                  (lambda a, b: float(a.navn == b.navn and a.rolle == b.rolle), 1.0))
    found = [Change("Aktører", "tilføjet", f"Aktør kommet til: {_actor_text(new.aktoerer[j])}", f"aktører[{j}]")
             for j in added]
    found += [Change("Aktører", "fjernet", f"Aktør ikke længere med: {_actor_text(old.aktoerer[i])}",
                     f"{REMOVED}aktører[{i}]") for i in removed]
    for i, j in pairs:
        fields = _diffs(old.aktoerer[i], new.aktoerer[j], ACTOR_FIELDS, old, new)
        if fields:
            found.append(Change("Aktører", "ændret", f"Aktør ændret: {new.aktoerer[j].navn} - " + "; ".join(fields),
                                f"aktører[{j}]"))
    return found


# -- Hændelser -----------------------------------------------------------------

EVENT_FIELDS: tuple[Field, ...] = (
    ("fra", "fra", _actor), ("om", "om", _actor), ("til", "til", _actor),
    ("taget_op_med_den_omtalte", "taget op med den omtalte", _plain), ("tilbagemeldt", "tilbagemeldt", _plain),
    ("emne", "emne", _plain), ("note", "note", _text_short),
)


def describe_event(case: Case, event: Haendelse) -> str:
    """An event in a few words: ``klage fra A over B, fremført for C, ikke taget op …: note``."""
    who, about = _label(case, event.fra), _label(case, event.om)
    if event.type == "klage":
        text = f"klage fra {who} over {about}"
        if event.til and event.til != event.om:
            text += f", fremført for {_label(case, event.til)}"
        if event.taget_op_med_den_omtalte is not None:
            text += ", taget op med den omtalte" if event.taget_op_med_den_omtalte else \
                ", ikke taget op med den omtalte"
        if event.tilbagemeldt:
            text += ", meldt tilbage"
    elif event.type == "ros":
        text = f"ros fra {who} af {about}"
    elif event.type == "uenighed":
        text = f"uenighed mellem {who} og {about}" + (f" om {event.emne}" if event.emne else "")
    elif event.type == "sideaftale":
        parties = [_label(case, a) for a in (event.fra, event.om) if a]
        text = "sideaftale" + (f" mellem {' og '.join(parties)}" if parties else "")
    else:
        text = "fremskridt" + (f" ({_who(case, event.fra)})" if event.fra else "")
    return text + (f": {shorten(event.note, SHORT)}" if event.note else "")


def _events(old: Case, new: Case) -> list[Change]:
    def same(a: Haendelse, b: Haendelse) -> float:
        if (a.dato, a.type) != (b.dato, b.type):
            return 0.0
        return 0.5 + 0.25 * (a.fra == b.fra) + 0.25 * (a.om == b.om)

    pairs, removed, added = _pair(old.haendelser, new.haendelser, _dump, (same, 0.5))
    found = [Change("Hændelser", "tilføjet",
                    f"Ny hændelse {danish_date(new.haendelser[j].dato)}: {describe_event(new, new.haendelser[j])}",
                    f"hændelser[{j}]") for j in added]
    found += [Change("Hændelser", "fjernet",
                     f"Hændelse fjernet: {danish_date(old.haendelser[i].dato)}, {describe_event(old, old.haendelser[i])}",
                     f"{REMOVED}hændelser[{i}]") for i in removed]
    for i, j in pairs:
        a, b = old.haendelser[i], new.haendelser[j]
        fields = _diffs(a, b, EVENT_FIELDS, old, new)
        if fields:
            head = f"{danish_date(b.dato)}, {b.type}"
            found.append(Change("Hændelser", "ændret", f"Hændelse ændret: {head} - " + "; ".join(fields),
                                f"hændelser[{j}]"))
    return found


# -- Samtaler ------------------------------------------------------------------

TALK_FIELDS: tuple[Field, ...] = (("form", "form", _plain), ("deltagere", "deltagere", _actor_list),
                                  ("referat", "referat", _text_short))
MOVED_DAYS = 42
"""A planned samtale gone and another of the same form planned within six weeks: it was moved."""
TALK_STATUS = {"afholdt": "Samtale afholdt", "aflyst": "Samtale aflyst", "udeblevet": "Borgeren udeblev fra samtalen",
               "planlagt": "Samtale planlagt igen"}


def _talks(old: Case, new: Case) -> list[Change]:
    def same_day(a: Samtale, b: Samtale) -> float:
        return 0.0 if a.dato != b.dato else 0.75 + 0.25 * (a.form == b.form)

    def moved(a: Samtale, b: Samtale) -> float:
        return float(a.status == b.status == "planlagt" and a.form == b.form
                     and abs((a.dato - b.dato).days) <= MOVED_DAYS)

    pairs, removed, added = _pair(old.samtaler, new.samtaler, _dump, (same_day, 0.75), (moved, 1.0))
    found = []
    for j in added:
        talk = new.samtaler[j]
        text = f"Ny samtale {danish_date(talk.dato)} ({talk.form}, {talk.status})"
        found.append(Change("Samtaler", "tilføjet", text + (f": {shorten(talk.referat, SHORT)}" if talk.referat else ""),
                            f"samtaler[{j}]"))
    found += [Change("Samtaler", "fjernet", f"Samtale fjernet: {danish_date(old.samtaler[i].dato)} "
                                           f"({old.samtaler[i].form}, {old.samtaler[i].status})",
                     f"{REMOVED}samtaler[{i}]") for i in removed]
    for i, j in pairs:
        a, b = old.samtaler[i], new.samtaler[j]
        fields = _diffs(a, b, TALK_FIELDS, old, new)
        where = f"samtaler[{j}]"
        if a.dato != b.dato:
            text = f"Planlagt samtale flyttet: {danish_date(a.dato)} → {danish_date(b.dato)} ({b.form})"
            found.append(Change("Samtaler", "ændret", text + "".join(f"; {f}" for f in fields), where))
        elif a.status != b.status:
            text = f"{TALK_STATUS[b.status]} {danish_date(b.dato)} ({b.form})"
            rest = [f for f in fields if not f.startswith("referat:")]
            text += "".join(f"; {f}" for f in rest)
            if b.referat and a.referat != b.referat:
                text += f": {shorten(b.referat, SHORT)}"
            found.append(Change("Samtaler", "ændret", text, where))
        elif fields:
            found.append(Change("Samtaler", "ændret", f"Samtale ændret: {danish_date(b.dato)} - " + "; ".join(fields),
                                where))
    return found


# -- Relationer ----------------------------------------------------------------

RELATION_FIELDS: tuple[Field, ...] = (("kontakt", "kontakt", _plain), ("valens", "valens", _plain),
                                      ("note", "note", _text_short))
RATINGS = (("hyppighed", "hyppighed"), ("rettidighed", "rettidighed"), ("praecision", "præcision"),
           ("problemloesning", "problemløsning"), ("faelles_maal", "fælles mål"), ("faelles_viden", "fælles viden"),
           ("gensidig_respekt", "gensidig respekt"))


def _pair_name(case: Case, relation: Relation) -> str:
    return f"{_label(case, relation.mellem[0])} og {_label(case, relation.mellem[1])}"


def _relations(old: Case, new: Case) -> list[Change]:
    pairs, removed, added = _pair(old.relationer, new.relationer, lambda r: frozenset(r.mellem))
    found = []
    for j in added:
        relation = new.relationer[j]
        found.append(Change("Relationer", "tilføjet", f"Ny relation: {_pair_name(new, relation)} "
                                                     f"(kontakt: {relation.kontakt}, {relation.valens})",
                            f"relationer[{j}]"))
    found += [Change("Relationer", "fjernet", f"Relation fjernet: {_pair_name(old, old.relationer[i])}",
                     f"{REMOVED}relationer[{i}]") for i in removed]
    for i, j in pairs:
        a, b = old.relationer[i], new.relationer[j]
        fields = _diffs(a, b, RELATION_FIELDS, old, new)
        if a.vurdering is None and b.vurdering is not None:
            scores = [f"{name} {getattr(b.vurdering, attr)}" for attr, name in RATINGS
                      if getattr(b.vurdering, attr) is not None]
            fields.append(f"vurdering tilføjet: {', '.join(scores)}")
        for attr, name in RATINGS if a.vurdering is not None else ():
            before = getattr(a.vurdering, attr) if a.vurdering else None
            after = getattr(b.vurdering, attr) if b.vurdering else None
            if before != after:
                fields.append(f"{name}: {_plain(before)} → {_plain(after)}")
        if fields:
            found.append(Change("Relationer", "ændret", f"Relation ændret: {_pair_name(new, b)} - " + "; ".join(fields),
                                f"relationer[{j}]"))
    return found


# -- Sagen ---------------------------------------------------------------------

def _actor_name(value: str | None, case: Case) -> str:
    return _name(case, value)


CASE_FIELDS: tuple[tuple[str, str, str, Formatter], ...] = (
    ("id", "sag.id", "Sagens id", _plain),
    ("kommune", "sag.kommune", "Kommune", _plain),
    ("jobcenter", "sag.jobcenter", "Jobcenter", _plain),
    ("forloeb", "sag.forløb", "Forløb", _plain),
    ("bevilget", "sag.bevilget", "Bevilget", _plain),
    ("varighed", "sag.varighed", "Bevilget varighed", _plain),
    ("koordinerende_sagsbehandler", "sag.koordinerende_sagsbehandler", "Koordinerende sagsbehandler", _actor_name),
    ("forloebsnummer", "sag.forløbsnummer", "Forløbsnummer", _plain),
    ("regelsaet", "sag.regelsæt", "Regelsæt", _plain),
    ("indsatsplan_udarbejdet", "sag.indsatsplan_udarbejdet", "Indsatsplan udarbejdet", _plain),
    ("indsatsplan_opdateret", "sag.indsatsplan_opdateret", "Indsatsplan opdateret", _plain),
)
PREPARATORY = (("egne_maal", "egne mål"), ("uddannelse", "uddannelse"), ("beskaeftigelse", "beskæftigelse"),
               ("kvalifikationer", "kvalifikationer"), ("interesser", "interesser"), ("netvaerk", "netværk"),
               ("sociale_forhold", "sociale forhold"), ("udfordringer", "udfordringer"), ("helbred", "helbred"),
               ("tidligere_indsatser", "tidligere indsatser"), ("forsoergelse", "forsørgelse"))


def _case_facts(old: Case, new: Case) -> list[Change]:
    found = []
    for attr, where, name, fmt in CASE_FIELDS:
        before, after = getattr(old.sag, attr), getattr(new.sag, attr)
        if before != after:
            found.append(Change("Sagen", "ændret", f"{name} ændret: {fmt(before, old)} → {fmt(after, new)}", where))
    found += _single("Sagen", "opfølgning.plan", "Plan for opfølgning", old.opfoelgning.plan, new.opfoelgning.plan,
                     _text_short)
    found += _single("Sagen", "opfølgning.samtaleinterval_uger", "Samtaleinterval i uger",
                     old.opfoelgning.samtaleinterval_uger, new.opfoelgning.samtaleinterval_uger, _plain)
    parts = [name for attr, name in PREPARATORY
             if getattr(old.forberedende_del, attr) != getattr(new.forberedende_del, attr)]
    if parts:
        found.append(Change("Sagen", "ændret", f"Forberedende del opdateret: {', '.join(parts)}", "forberedende_del"))
    return found


# -- Rehabiliteringsteamet -----------------------------------------------------

def _team(old: Case, new: Case) -> list[Change]:
    section = "Rehabiliteringsteamet"
    found = _single(section, "opfølgning.næste_rehabiliteringsteam", "Næste forelæggelse i rehabiliteringsteamet",
                    old.opfoelgning.naeste_rehabiliteringsteam, new.opfoelgning.naeste_rehabiliteringsteam, _plain)
    a, b = old.rehabiliteringsteam, new.rehabiliteringsteam
    if a == b:
        return found
    if b is None:
        return [*found, Change(section, "fjernet", "Rehabiliteringsteamets møde og indstilling er fjernet fra sagen",
                               f"{REMOVED}rehabiliteringsteam")]
    if a is None:
        text = f"Sagen er behandlet i rehabiliteringsteamet {_plain(b.moededato)}"
        if b.indstilling:
            text += f": indstilling {b.indstilling}"
        found.append(Change(section, "tilføjet", text, "rehabiliteringsteam"))
        found += [Change(section, "tilføjet", f"Anbefalet indsats: {one_line(x)}",
                         f"rehabiliteringsteam.anbefalede_indsatser[{k}]")
                  for k, x in enumerate(b.anbefalede_indsatser)]
        return found
    base = "rehabiliteringsteam"
    found += _single(section, f"{base}.mødedato", "Mødedato", a.moededato, b.moededato, _plain)
    found += _single(section, f"{base}.indstilling", "Indstilling", a.indstilling, b.indstilling, _plain)
    found += _single(section, f"{base}.varighed", "Anbefalet varighed", a.varighed, b.varighed, _plain)
    found += _single(section, f"{base}.opfølgning", "Teamets opfølgning", a.opfoelgning, b.opfoelgning, _text_short)
    found += _single(section, f"{base}.begrundelse", "Teamets begrundelse", a.begrundelse, b.begrundelse, _text_short)
    if a.deltagere != b.deltagere:
        def people(team) -> str:
            return ", ".join(f"{d.funktion} ({d.navn})" if d.navn else d.funktion for d in team.deltagere) or "ingen"
        found.append(Change(section, "ændret", f"Teamets deltagere ændret: {people(a)} → {people(b)}",
                            f"{base}.deltagere"))
    pairs, removed, added = _pair(a.anbefalede_indsatser, b.anbefalede_indsatser, lambda x: one_line(x).lower(),
                                  (_same_text, SIMILAR))
    found += [Change(section, "tilføjet", f"Anbefalet indsats tilføjet: {one_line(b.anbefalede_indsatser[j])}",
                     f"{base}.anbefalede_indsatser[{j}]") for j in added]
    found += [Change(section, "fjernet", f"Anbefalet indsats fjernet: {one_line(a.anbefalede_indsatser[i])}",
                     f"{REMOVED}{base}.anbefalede_indsatser[{i}]") for i in removed]
    found += [Change(section, "ændret", f"Anbefalet indsats omformuleret: {_text(a.anbefalede_indsatser[i])} → "
                                        f"{_text(b.anbefalede_indsatser[j])}", f"{base}.anbefalede_indsatser[{j}]")
              for i, j in pairs if a.anbefalede_indsatser[i] != b.anbefalede_indsatser[j]]
    found += _decision(a.kommunens_afgoerelse, b.kommunens_afgoerelse, f"{base}.kommunens_afgørelse")
    return found


def _decision(a, b, where: str) -> list[Change]:
    section = "Rehabiliteringsteamet"
    if a == b:
        return []
    if b is None:
        return [Change(section, "fjernet", "Kommunens afgørelse er fjernet", f"{REMOVED}{where}")]
    followed = "fulgt" if b.fulgt else "ikke fulgt"
    if a is None:
        when = f" {danish_date(b.dato)}" if b.dato else ""
        return [Change(section, "tilføjet", f"Kommunens afgørelse{when}: teamets indstilling er {followed}", where)]
    fields = _diffs(a, b, (("dato", "dato", _plain), ("fulgt", "indstillingen fulgt", _plain),
                           ("begrundelse", "begrundelse", _text_short)), None, None)
    return [Change(section, "ændret", "Kommunens afgørelse ændret - " + "; ".join(fields), where)]


# -- Aftaler -------------------------------------------------------------------

AGREEMENT_FIELDS: tuple[Field, ...] = (("tekst", "tekst", _text), ("ansvarlig", "ansvarlig", _actor),
                                       ("frist", "frist", _plain))


def _agreements(old: Case, new: Case) -> list[Change]:
    pairs, removed, added = _pair(old.aftaler, new.aftaler, lambda a: one_line(a.tekst).lower(),
                                  (lambda a, b: _same_text(a.tekst, b.tekst), SIMILAR))
    found = []
    for j in added:
        agreement = new.aftaler[j]
        details = [f"ansvarlig: {_who(new, agreement.ansvarlig)}"] if agreement.ansvarlig else []
        details += [f"frist {danish_date(agreement.frist)}"] if agreement.frist else []
        text = f"Aftale tilføjet: {_with_details(agreement.tekst, details)}"
        found.append(Change("Aftaler", "tilføjet", text, f"aftaler[{j}]"))
    found += [Change("Aftaler", "fjernet", f"Aftale fjernet: {one_line(old.aftaler[i].tekst)}", f"{REMOVED}aftaler[{i}]")
              for i in removed]
    for i, j in pairs:
        a, b = old.aftaler[i], new.aftaler[j]
        fields = _diffs(a, b, AGREEMENT_FIELDS, old, new)
        if not fields:
            continue
        if len(fields) == 1 and a.tekst != b.tekst:
            text = f"Aftale omformuleret: {_text(a.tekst)} → {_text(b.tekst)}"
        else:
            text = f"Aftale ændret: {one_line(b.tekst)} - " + "; ".join(fields)
        found.append(Change("Aftaler", "ændret", text, f"aftaler[{j}]"))
    return found


# -- Udvikling -----------------------------------------------------------------

def _development(old: Case, new: Case) -> list[Change]:
    def same_day(a: Udviklingsnote, b: Udviklingsnote) -> float:
        return 0.0 if a.dato != b.dato else 0.5 + _same_text(a.note, b.note) / 2

    def reworded(a: Udviklingsnote, b: Udviklingsnote) -> float:
        return _same_text(a.note, b.note)

    pairs, removed, added = _pair(old.udvikling, new.udvikling, _dump, (same_day, 0.5), (reworded, 0.8))
    found = []
    for j in added:
        note = new.udvikling[j]
        source = f" ({_who(new, note.kilde)})" if note.kilde else ""
        found.append(Change("Udvikling", "tilføjet", f"Ny iagttagelse {danish_date(note.dato)}{source}: "
                                                    f"{shorten(note.note, SHORT)}", f"udvikling[{j}]"))
    found += [Change("Udvikling", "fjernet", f"Iagttagelse fjernet: {danish_date(old.udvikling[i].dato)}: "
                                            f"{shorten(old.udvikling[i].note, SHORT)}", f"{REMOVED}udvikling[{i}]")
              for i in removed]
    for i, j in pairs:
        a, b = old.udvikling[i], new.udvikling[j]
        fields = _diffs(a, b, (("dato", "dato", _plain), ("kilde", "kilde", _actor), ("note", "note", _text_short)),
                        old, new)
        if fields:
            found.append(Change("Udvikling", "ændret", f"Iagttagelse ændret: {danish_date(b.dato)} - "
                                                      + "; ".join(fields), f"udvikling[{j}]"))
    return found
