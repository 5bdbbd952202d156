"""The supervision brief (supervisionsoplæg): what a supervisor needs to run the session.

The brief is made from a case that is normally pseudonymised first (``toolkit.privacy``);
this module only arranges the case and the network analysis into readable Danish. Every
finding is framed as the helper system's dynamics and carries its evidence.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from toolkit.analyse.network import CaseNetwork
from toolkit.analyse.report import Evidence, NetworkReport
from toolkit.model import CITIZEN_ID, Case
from toolkit.model.case import Haendelse
from toolkit.model.names import label
from toolkit.render.documents import SUPERVISION, default_template, render_docx
from toolkit.render.jinja import danish_date
from toolkit.model.as_of import effort_active
from toolkit.model.coordinator import NOT_GIVEN, find_coordinator
from toolkit.text import count, one_line, upper_first

PSEUDONYMISED = "Pseudonymiseret: borger og private personer optræder under alias"
WITH_NAMES = "INDEHOLDER PERSONNAVNE – KUN TIL INTERNT BRUG"
PICTURE_WIDTH_MM = 165

EVENT_WORDS = {"klage": "Klage", "ros": "Ros", "uenighed": "Uenighed", "sideaftale": "Sideaftale",
               "fremskridt": "Fremskridt"}


def render_supervision(net: CaseNetwork, report: NetworkReport, *, today: date, with_names: bool,
                       template: Path | None = None, drawing: dict[str, Any] | None = None) -> bytes:
    """The brief as .docx bytes, with the static network picture (of ``drawing``, if given) embedded."""
    from toolkit.render.network_picture import network_png

    picture = network_png(net, report, width_cm=PICTURE_WIDTH_MM / 10, drawing=drawing)

    def context(document: DocxTemplate) -> dict[str, Any]:
        image = InlineImage(document, io.BytesIO(picture), width=Mm(PICTURE_WIDTH_MM))
        return supervision_context(net, report, today=today, with_names=with_names, picture=image)

    return render_docx(template or default_template(SUPERVISION), context, title=SUPERVISION.title,
                       subject=f"Sag {net.case.sag.id}", day=today)


def supervision_context(net: CaseNetwork, report: NetworkReport, *, today: date, with_names: bool,
                        picture: Any) -> dict[str, Any]:
    """The variables of the supervision template."""
    case = net.case
    loads = report.koordinering
    split = report.splitting
    held = [s for s in case.supervisioner if s.dato <= today]
    last = max(held, key=lambda s: s.dato) if held else None
    return {
        "dokument": {"titel": SUPERVISION.title, "dato": today, "med_navne": with_names,
                     "mærkning": WITH_NAMES if with_names else PSEUDONYMISED},
        "sag": {**case.sag.model_dump(by_alias=True), "slutdato": case.sag.slutdato},
        "borger": {"navn": case.borger.navn, "alder": case.borger.alder},
        "kort": summary(case, today),
        "aktører": [_actor(net, a.id) for a in case.aktoerer],
        "billede": picture,
        "koordinering": {
            "niveau": loads.niveau or NOT_GIVEN, "score": _number(loads.score) if loads.score is not None else "–",
            "tekst": _coordination_sentence(net, report),
            "aktører": [{"navn": label(case, x.id), "score": _number(x.score), "niveau": x.niveau,
                         "evidens": [evidence_sentence(e) for e in x.evidens]} for x in loads.aktører],
            "detaljer": [{"navn": label(case, x.id), "score": _number(x.score), "niveau": x.niveau,
                          "evidens": [evidence_sentence(e) for e in x.evidens]}
                         for x in loads.aktører if x.niveau != "lav" or x.id == loads.koordinator],
        },
        "splitting": {
            "niveau": split.niveau, "begrundelse": split.begrundelse,
            "klager": _complaint_sentence(report),
            "par": [{"navn": f"{label(case, r.aktører[0])} og {label(case, r.aktører[1])}", "score": r.score,
                     "niveau": r.niveau, "evidens": [evidence_sentence(e) for e in r.evidens]}
                    for r in split.par if r.niveau != "lav"],
            "trekanter": [_triangle_sentence(case, t.type, t.aktører[1:]) for t in split.trekanter],
            "lejre": _camps_sentence(case, split.lejre) if split.lejre and split.lejre.to_lejre else None,
        },
        "manglende_kanaler": [f"{label(case, a)} og {label(case, b)}: {net.required.get((a, b), '')}"
                              for a, b in report.manglende_kanaler],
        "tidslinje": timeline(case),
        "deltagere": [_participant(case, actor_id) for actor_id in report.deltagere],
        "dagsorden": [{"nummer": n, "overskrift": item.overskrift, "fund": item.fund, "spørgsmål": item.spørgsmål,
                       "aktører": ", ".join(label(case, a) for a in item.aktører)}
                      for n, item in enumerate(report.dagsorden, start=1)],
        "sidste_supervision": _last_supervision(case, last),
        "siden_sidst": ((report.siden_sidste_supervision.lines() if report.siden_sidste_supervision else [])
                        + (since(case, last.dato, today) if last else [])),
    }


def summary(case: Case, today: date) -> list[dict[str, str]]:
    """The case in five lines: forløb, duration so far, goal in the citizen's words, efforts, coordinator."""
    sag = case.sag
    granted = f"bevilget {danish_date(sag.bevilget)}" if sag.bevilget else "bevillingsdato ikke oplyst"
    length = f" for {sag.varighed}" if sag.varighed else ""
    running = [e.titel for e in case.indsatser if effort_active(e, today)]
    goal = case.maal.borgerens_egne_ord or case.forberedende_del.egne_maal or case.maal.beskaeftigelsesmaal
    coordinator = find_coordinator(case)
    return [
        {"overskrift": "Forløb", "tekst": f"{sag.forloeb.capitalize()}, {granted}{length}"},
        {"overskrift": "Varighed indtil nu", "tekst": _duration(sag.bevilget, today, sag.varighed_maaneder)},
        {"overskrift": "Mål med borgerens ord", "tekst": " ".join(goal.split()) if goal else "Ikke oplyst"},
        {"overskrift": "Indsatser i gang", "tekst": "; ".join(running) if running else "Ingen indsatser i gang"},
        {"overskrift": "Koordinerende sagsbehandler",
         "tekst": label(case, coordinator.id) if coordinator.id else upper_first(coordinator.tekst)},
    ]


def timeline(case: Case) -> list[dict[str, Any]]:
    """The citizen's development and the collaboration's events, in date order."""
    rows = [{"dato": n.dato, "hvad": "Udvikling", "tekst": one_line(n.note)} for n in case.udvikling]
    rows += [{"dato": e.dato, "hvad": EVENT_WORDS[e.type], "tekst": describe_event(case, e)} for e in case.haendelser]
    rows += [{"dato": s.dato, "hvad": "Supervision", "tekst": "Fælles supervision" + (f": {one_line(s.note)}" if s.note
                                                                                          else "")}
             for s in case.supervisioner]
    return sorted(rows, key=lambda row: row["dato"])


def since(case: Case, day: date, today: date) -> list[str]:
    """What happened after ``day`` up to ``today``: events, development notes, efforts started or ended."""
    found: list[tuple[date, str]] = []
    found += [(e.dato, describe_event(case, e)) for e in case.haendelser if day < e.dato <= today]
    found += [(n.dato, f"Udvikling: {one_line(n.note)}") for n in case.udvikling if day < n.dato <= today]
    for effort in case.indsatser:
        if effort.start and day < effort.start <= today:
            found.append((effort.start, f"Indsats startet: {effort.titel}"))
        if effort.slut and day < effort.slut <= today:
            found.append((effort.slut, f"Indsats sluttet: {effort.titel}"))
    return [f"{danish_date(d)}: {text}" for d, text in sorted(found, key=lambda item: item[0])]


def describe_event(case: Case, event: Haendelse) -> str:
    """One event as a Danish sentence about the collaboration."""
    who, about = label(case, event.fra) if event.fra else None, label(case, event.om) if event.om else None
    if event.type == "klage":
        text = f"{upper_first(who)} klagede over {about}"
        if event.til and event.til != event.om:
            text += f" til {label(case, event.til)}"
        text += {True: "; det blev taget op med den omtalte", False: "; det blev ikke taget op med den omtalte",
                 None: "; det er ikke noteret, om det blev taget op med den omtalte"}[event.taget_op_med_den_omtalte]
        if event.tilbagemeldt:
            text += ", og klagen er meldt tilbage eller drøftet i fællesskab"
    elif event.type == "uenighed":
        text = f"Uenighed mellem {who} og {about}" + (f" om {event.emne}" if event.emne else "")
    elif event.type == "ros":
        text = f"{upper_first(who)} roste {about}"
    elif event.type == "sideaftale":
        text = f"Sideaftale: {who} og {about}" + (f" (med {label(case, event.til)})" if event.til else "")
    else:
        text = "Fremskridt" + (f" ({who})" if who else "")
    return text + (f". {one_line(event.note)}" if event.note else ".")


def evidence_sentence(evidence: Evidence) -> str:
    """A finding's evidence as text a supervisor reads: what, where in the case file, when."""
    points = f"{_number(evidence.point) if evidence.point < 0 else '+' + _number(evidence.point)} point; " \
        if evidence.point else ""
    when = f"; {danish_date(evidence.dato)}" if evidence.dato else ""
    return f"{evidence.tekst} ({points}{evidence.kilde}{when})"


def _actor(net: CaseNetwork, actor_id: str) -> dict[str, Any]:
    case = net.case
    actor = case.aktoer(actor_id)
    with_citizen = net.channel(CITIZEN_ID, actor_id)
    others = [f"{label(case, b if a == actor_id else a)} ({channel.kontakt})"
              for (a, b), channel in sorted(net.channels.items())
              if actor_id in (a, b) and CITIZEN_ID not in (a, b) and channel.active]
    return {
        "navn": actor.navn, "rolle": actor.rolle, "organisation": actor.organisation, "kerneopgave": actor.kerneopgave,
        "kontakt_borger": f"{with_citizen.kontakt}, {with_citizen.valens}" if with_citizen else "Ikke oplyst",
        "kontakt_andre": "; ".join(others) if others else "Ingen jævnlig kontakt med de andre",
    }


def _participant(case: Case, actor_id: str) -> str:
    actor = case.aktoer(actor_id)
    organisation = f", {actor.organisation}" if actor and actor.organisation else ""
    return f"{label(case, actor_id)}{organisation}"


def _coordination_sentence(net: CaseNetwork, report: NetworkReport) -> str:
    loads = report.koordinering
    coverage = f"{round(loads.dækning * 100)} %" if loads.dækning is not None else ""
    messenger = len(loads.borger_som_budbringer)
    if loads.koordinator and loads.score is not None:
        text = (f"Koordineringsbelastningen for {label(net.case, loads.koordinator)} er {loads.niveau} "
                f"({_number(loads.score)} point). ")
    else:
        text = f"Koordineringsbelastningen er ikke beregnet: {loads.koordinator_tekst or NOT_GIVEN}. "
    if loads.fagpersoner:
        text += (f"{count(loads.fagpersoner, 'fagperson', 'fagpersoner')} fra "
                 f"{count(loads.organisationer, 'organisation', 'organisationer')} er involveret")
    else:
        text += "Ingen fagpersoner er involveret"
    if loads.dækning is None:
        text += ", og der er ingen påkrævede kanaler mellem hjælperne."
    else:
        text += f", og {coverage} af de påkrævede kanaler mellem hjælperne findes og er aktive."
    if messenger:
        text += (f" I {count(messenger, 'tilfælde', 'tilfælde')} går informationen mellem to hjælpere, hvis arbejde afhænger af "
                 "hinanden, kun gennem borgeren.")
    return text


def _complaint_sentence(report: NetworkReport) -> str:
    split = report.splitting
    if not split.klager:
        return "Der er ikke registreret klager."
    third = len(split.indirekte_klager)
    return (f"{third} af {split.klager} registrerede klager er fremført for en anden end den, klagen handler om "
            f"({round(split.andel_klager_til_tredjepart * 100)} %).")


def _triangle_sentence(case: Case, kind: str, ends: tuple[str, str]) -> str:
    a, b = (label(case, x) for x in ends)
    if kind == "fuldbyrdet splitting":
        return (f"Fuldbyrdet splitting: borgeren er negativ over for {a} og positiv over for {b}, og de to er "
                "negative over for hinanden.")
    if kind == "pres":
        return (f"Pres-trekant: borgeren er negativ over for {a} og positiv over for {b}, mens de to stadig er "
                "positive over for hinanden.")
    return f"Ubalanceret trekant med borgeren, {a} og {b}."


def _camps_sentence(case: Case, camps) -> str:
    with_citizen = ", ".join(label(case, a) for a in camps.side_med_borger)
    other = ", ".join(label(case, a) for a in camps.anden_side)
    return (f"Hjælperne deler sig i to lejre: på den ene side {with_citizen}; på den anden side {other} "
            f"({count(camps.frustration, 'relation', 'relationer')} passer ikke ind i delingen).")


def _last_supervision(case: Case, last) -> dict[str, Any] | None:
    if last is None:
        return None
    # Without participants the analysis cannot count the complaints before it as discussed jointly.
    present = ", ".join(label(case, a) for a in last.deltagere) or (
        "Ikke oplyst; klager fra før supervisionen tæller derfor ikke som drøftet i fællesskab")
    return {"dato": last.dato, "deltagere": present,
            "supervisor": last.supervisor, "aftaler": last.aftaler, "opfølgning": last.opfoelgning, "note": last.note}


def _duration(granted: date | None, today: date, months_granted: int | None) -> str:
    if granted is None:
        return "Ikke oplyst"
    months = (today.year - granted.year) * 12 + today.month - granted.month - (today.day < granted.day)
    months = max(months, 0)
    text = f"{months} måned{'er' if months != 1 else ''}"
    return text + (f" af {months_granted}" if months_granted else "") + f" (pr. {danish_date(today)})"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
