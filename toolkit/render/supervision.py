"""The supervision brief (supervisionsoplæg): what a supervisor needs to run the session.

The brief is made from a case that is normally pseudonymised first (``toolkit.privacy``);
this module only arranges the case and the network analysis into readable Danish. Every
finding is framed as the helper system's dynamics and carries its evidence; the sentences
are worded in ``toolkit.render.supervision_findings``. Context variables the default
template no longer prints (``koordinering.aktører``, ``splitting.trekanter``, ``siden_sidst``
…) stay, so a municipality's own template keeps working.
"""

from __future__ import annotations

import io
import struct
from datetime import date
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate

from toolkit.analyse.network import CaseNetwork
from toolkit.analyse.report import Evidence, NetworkReport
from toolkit.analyse.timing import timing
from toolkit.model import CITIZEN_ID, Case
from toolkit.model.case import Haendelse
from toolkit.model.names import label
from toolkit.render.documents import SUPERVISION, DescribedImage, default_template, render_docx
from toolkit.render.jinja import danish_date
from toolkit.render.supervision_findings import (channels_sentence, legend_text, load_sentence, main_points,
                                                  number, pair_sentence, picture_description, triangles_sentence)
from toolkit.model.as_of import effort_active
from toolkit.model.coordinator import NOT_GIVEN, find_coordinator
from toolkit.render.marking import PSEUDONYMISED, WITH_NAMES
from toolkit.settings import Settings
from toolkit.text import count, one_line, upper_first

PICTURE_WIDTH_MM = 125
"""Narrow enough that title, picture and its legend share page 1 ..."""
CROWDED_PICTURE_WIDTH_MM = 165
"""... unless there are more than ``CROWDED_FROM`` people: then the labels need the full width."""
CROWDED_FROM = 16
PICTURE_MAX_HEIGHT_MM = 190
"""What is left of page 1 under the title: a taller picture is shown smaller, never moved to page 2."""

EVENT_WORDS = {"klage": "Klage", "ros": "Ros", "uenighed": "Uenighed", "sideaftale": "Sideaftale",
               "fremskridt": "Fremskridt"}


def render_supervision(net: CaseNetwork, report: NetworkReport, *, today: date, with_names: bool,
                       template: Path | None = None, drawing: dict[str, Any] | None = None,
                       settings: Settings | None = None) -> bytes:
    """The brief as .docx bytes, with the static network picture (of ``drawing``, if given) embedded."""
    from toolkit.render.network_picture import network_png

    width = CROWDED_PICTURE_WIDTH_MM if len(net.case.aktoerer) >= CROWDED_FROM else PICTURE_WIDTH_MM
    picture = network_png(net, report, width_cm=width / 10, drawing=drawing)

    pixels_wide, pixels_high = struct.unpack(">II", picture[16:24])  # the PNG header (IHDR)
    shown = min(width, PICTURE_MAX_HEIGHT_MM * pixels_wide / pixels_high)

    def context(document: DocxTemplate) -> dict[str, Any]:
        image = DescribedImage(document, io.BytesIO(picture), width=Mm(shown),
                               alt=picture_description(net, report))
        return supervision_context(net, report, today=today, with_names=with_names, picture=image)

    # Pseudonymised material carries no identifier in its metadata either.
    subject = f"Sag {net.case.sag.id}" if with_names else "Supervision om samarbejdet omkring borgeren"
    return render_docx(template or default_template(SUPERVISION), context, title=SUPERVISION.title,
                       subject=subject, day=today, settings=settings)


def supervision_context(net: CaseNetwork, report: NetworkReport, *, today: date, with_names: bool,
                        picture: Any) -> dict[str, Any]:
    """The variables of the supervision template.

    The brief is read in the order a session runs: the case in short, the main findings in
    sentences, the picture, the agenda; then the findings in more detail, who is involved,
    and the evidence (point by point, with its place in the case file) in an appendix.
    """
    case = net.case
    loads = report.koordinering
    split = report.splitting
    held = [s for s in case.supervisioner if s.dato <= today]
    last = max(held, key=lambda s: s.dato) if held else None
    detailed = [x for x in loads.aktører if x.niveau != "lav" or x.id == loads.koordinator]
    pairs = [r for r in split.par if r.niveau != "lav"]
    missing = [f"{label(case, a)} og {label(case, b)}: {net.required.get((a, b), '')}"
               for a, b in report.manglende_kanaler]
    return {
        "dokument": {"titel": SUPERVISION.title, "dato": today, "med_navne": with_names,
                     "mærkning": WITH_NAMES if with_names else PSEUDONYMISED},
        "sag": {**case.sag.model_dump(by_alias=True), "slutdato": case.sag.slutdato},
        "borger": {"navn": case.borger.navn, "alder": case.borger.alder},
        "kort": summary(case, today),
        "hovedpunkter": main_points(net, report, last),
        "aktører": [_actor(net, a.id, {x.id: x for x in loads.aktører}) for a in case.aktoerer],
        "billede": picture,
        "billedtekst": picture_description(net, report),
        "forklaring": legend_text(),
        "koordinering": {
            "niveau": loads.niveau or NOT_GIVEN, "score": number(loads.score) if loads.score is not None else "–",
            "tekst": _coordination_sentence(net, report),
            "omfang": _coordination_sentence(net, report, with_load=False),
            "aktører": [{"navn": label(case, x.id), "score": number(x.score), "niveau": x.niveau,
                         "evidens": [evidence_sentence(e) for e in x.evidens]} for x in loads.aktører],
            "sætninger": [load_sentence(case, x) for x in detailed],
            "detaljer": [{"navn": label(case, x.id), "score": number(x.score), "niveau": x.niveau,
                          "evidens": [evidence_sentence(e) for e in x.evidens]} for x in detailed],
        },
        "splitting": {
            "niveau": split.niveau, "begrundelse": split.begrundelse,
            "klager": _complaint_sentence(report),
            "par": [{"navn": f"{label(case, r.aktører[0])} og {label(case, r.aktører[1])}", "score": r.score,
                     "niveau": r.niveau, "evidens": [evidence_sentence(e) for e in r.evidens]} for r in pairs],
            "par_sætninger": [pair_sentence(case, r) for r in pairs],
            "trekanter": [_triangle_sentence(case, t.type, t.aktører[1:]) for t in split.trekanter],
            "trekanter_tekst": triangles_sentence(case, split.trekanter),
            "lejre": _camps_sentence(case, split.lejre) if split.lejre and split.lejre.to_lejre else None,
        },
        "manglende_kanaler": missing,
        "kanaler_tekst": channels_sentence(case, report),
        "tidslinje": timeline(case),
        "deltagere": [_participant(case, actor_id) for actor_id in report.deltagere],
        "deltagere_tekst": ("; ".join(_participant(case, actor_id) for actor_id in report.deltagere) + "."
                            if report.deltagere else "Analysen foreslår ingen deltagere."),
        "dagsorden": [{"nummer": n, "overskrift": item.overskrift, "fund": item.fund, "spørgsmål": item.spørgsmål,
                       "aktører": ", ".join(_name(case, a) for a in item.aktører)}
                      for n, item in enumerate(report.dagsorden, start=1)],
        "sidste_supervision": _last_supervision(case, last),
        "siden_sidst_tekst": _since_sentence(case, report, last, today),
        "siden_sidst_hændelser": since(case, last.dato, today) if last else [],
        "siden_sidst": ((report.siden_sidste_supervision.lines() if report.siden_sidste_supervision else [])
                        + (since(case, last.dato, today) if last else [])),
    }


def _since_sentence(case: Case, report: NetworkReport, last, today: date) -> str:
    """Bands then and now, new and closed findings; the events themselves stand in the timeline."""
    if last is None:
        return ""
    changes = report.siden_sidste_supervision
    lines = changes.lines()[1:] if changes else []  # the first line only repeats the date
    events = since(case, last.dato, today)
    if events:
        lines.append(f"{count(len(events), 'hændelse eller note', 'hændelser og noter').capitalize()} siden da "
                     "står sidst i tidslinjen i bilaget.")
    return " ".join(lines) or "Der er ikke registreret nye hændelser eller ændringer siden sidste supervision."


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
        {"overskrift": "Varighed indtil nu", "tekst": _duration(case, today)},
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
    points = f"{number(evidence.point) if evidence.point < 0 else '+' + number(evidence.point)} point; " \
        if evidence.point else ""
    when = f"; {danish_date(evidence.dato)}" if evidence.dato else ""
    return f"{evidence.tekst} ({points}{evidence.kilde}{when})"


def _actor(net: CaseNetwork, actor_id: str, loads: dict[str, Any]) -> dict[str, Any]:
    case = net.case
    load = loads.get(actor_id)
    actor = case.aktoer(actor_id)
    with_citizen = net.channel(CITIZEN_ID, actor_id)
    others = [f"{_name(case, b if a == actor_id else a)} ({channel.kontakt})"
              for (a, b), channel in sorted(net.channels.items())
              if actor_id in (a, b) and CITIZEN_ID not in (a, b) and channel.active]
    return {
        "navn": actor.navn, "rolle": actor.rolle, "organisation": actor.organisation, "kerneopgave": actor.kerneopgave,
        "kontakt_borger": f"{with_citizen.kontakt}, {with_citizen.valens}" if with_citizen else "Ikke oplyst",
        "kontakt_andre": "; ".join(others) if others else "Ingen jævnlig kontakt med de andre",
        "koordinering": f"{number(load.score)} point ({load.niveau})" if load else "–",
    }


def _name(case: Case, actor_id: str) -> str:
    """The name alone, where the table row beside it already gives the role."""
    actor = case.aktoer(actor_id)
    return actor.navn if actor else label(case, actor_id)


def _participant(case: Case, actor_id: str) -> str:
    actor = case.aktoer(actor_id)
    organisation = f", {actor.organisation}" if actor and actor.organisation else ""
    return f"{label(case, actor_id)}{organisation}"


def _coordination_sentence(net: CaseNetwork, report: NetworkReport, *, with_load: bool = True) -> str:
    loads = report.koordinering
    coverage = f"{round(loads.dækning * 100)} %" if loads.dækning is not None else ""
    messenger = len(loads.borger_som_budbringer)
    if loads.koordinator and loads.score is not None:
        text = (f"Koordineringsbelastningen for {label(net.case, loads.koordinator)} er {loads.niveau} "
                f"({number(loads.score)} point). ")
    else:
        text = f"Koordineringsbelastningen er ikke beregnet: {loads.koordinator_tekst or NOT_GIVEN}. "
    if not with_load:
        text = ""
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


def _duration(case: Case, today: date) -> str:
    """Months so far within the granted period; outside it, the plain sentence of :func:`timing`."""
    when = timing(case, today)
    if when.note:
        return when.note
    if when.måneder is None:
        return "Ikke oplyst"
    months, granted = when.måneder, case.sag.varighed_maaneder
    text = f"{months} måned{'er' if months != 1 else ''}"
    return text + (f" af {granted}" if granted else "") + f" (pr. {danish_date(today)})"
