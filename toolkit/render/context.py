"""What a template sees: the case under the same Danish names as the case file.

A template author reads the case file and the JSON Schema and knows the variables:
``borger.navn``, ``forberedende_del.egne_mål``, ``indsatser``. A few derived values are
added for layout (``koordinator``, ``indsatsgrupper``, ``planlagte_samtaler``, each
effort's ``ansvarlig_aktør`` and ``periode``) and ``opfølgningsplan``, the same dated
follow-up plan the calendar file holds; ``efter_reformen`` says the case's next decision is
made without a rehabiliteringsteam (the rules decide it); domain facts come from the model.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from toolkit.analyse.followup import follow_up_plan
from toolkit.analyse.timing import meeting_heading, timing
from toolkit.model.names import label
from toolkit.model import Case
from toolkit.model.coordinator import find_coordinator
from toolkit.render.jinja import period
from toolkit.rules import after_reform, check

EFFORT_GROUPS = (
    ("beskæftigelse", "Beskæftigelsesrettede indsatser"),
    ("uddannelse", "Uddannelsesrettede indsatser"),
    ("social", "Sociale indsatser"),
    ("sundhed", "Sundhedsmæssige indsatser"),
)


def template_context(case: Case, *, title: str, today: date) -> dict[str, Any]:
    """The variables available in every document template."""
    context = case.model_dump(by_alias=True)
    actors = {a["id"]: a for a in context["aktører"]}

    context["sag"].update(slutdato=case.sag.slutdato, varighed_måneder=case.sag.varighed_maaneder)
    for effort in context["indsatser"]:
        effort["ansvarlig_aktør"] = actors.get(effort["ansvarlig"])
        effort["periode"] = period(effort["start"], effort["slut"])
    for talk in context["samtaler"]:
        talk["deltager_navne"] = [_name(actors, i, case) for i in talk["deltagere"]]
    for agreement in context["aftaler"]:
        agreement["ansvarlig_navn"] = _name(actors, agreement["ansvarlig"], case) if agreement["ansvarlig"] else None

    when = timing(case, today)
    contacts = contact_people(case)
    for effort, model in zip(context["indsatser"], case.indsatser):
        effort["virksomhedsrettet"] = model.er_virksomhedsrettet
        effort["kontaktperson_aktør"] = actors.get(model.kontaktperson or "")
    context["opfølgning"]["forelæggelse_overskrift"] = meeting_heading(case.opfoelgning.naeste_rehabiliteringsteam,
                                                                       today)
    context.update(
        dokument={"titel": title, "dato": today, "tidsnote": when.note},
        koordinator=actors.get(find_coordinator(case).id or ""),
        fagpersoner=[actors[a.id] for a in case.aktoerer if a.er_fagperson],
        kontaktpersoner=[{**actors[a.id], "kontakt": _reach(a)} for a in contacts],
        kontaktpersoner_har_kontakt=any(a.telefon or a.email for a in contacts),
        indsatser_med_formål=[e for e in context["indsatser"] if e["formål"]],
        virksomhedsrettede_indsatser=[e for e in context["indsatser"] if e["virksomhedsrettet"]],
        lægens_vurdering=[d for d in context["forberedende_del"]["helbred"]["dokumentation"] if d["indhold"]],
        progression=sorted((n for n in context["udvikling"] if n["faktor"]), key=lambda n: n["dato"]),
        indsatsgrupper=[
            {"type": kind, "overskrift": heading,
             "indsatser": [e for e in context["indsatser"] if e["type"] == kind]}
            for kind, heading in EFFORT_GROUPS
        ],
        planlagte_samtaler=sorted((t for t in context["samtaler"] if t["status"] == "planlagt"),
                                  key=lambda t: t["dato"]),
        afholdte_samtaler=sorted((t for t in context["samtaler"] if t["status"] != "planlagt"),
                                 key=lambda t: t["dato"]),
        opfølgningsplan=[item.as_dict() for item in follow_up_plan(case, today, _due_dates(case, today))],
        har_indsatsdel=case.har_indsatsdel,
        efter_reformen=after_reform(case, today),
    )
    return context


def contact_people(case: Case) -> list:
    """"Mine kontaktpersoner": the coordinator first, the professionals, then whoever outside the
    professional sectors answers for an effort or an agreement (the work-trial contact, the club)."""
    coordinator = case.aktoer(find_coordinator(case).id or "")
    people = [coordinator] if coordinator else []
    people += [a for a in case.aktoerer if a.er_fagperson]
    responsible = {e.ansvarlig for e in case.indsatser if e.status not in ("afsluttet", "afbrudt")}
    responsible |= {e.kontaktperson for e in case.indsatser if e.status not in ("afsluttet", "afbrudt")}
    responsible |= {a.ansvarlig for a in case.aftaler if not a.opfyldt}
    people += [a for a in case.aktoerer if a.id in responsible]
    return list({a.id: a for a in people}.values())


def _reach(actor) -> str | None:
    """Phone and e-mail on one or two lines; nothing when neither is known."""
    lines = [f"Tlf. {actor.telefon}" if actor.telefon else None, actor.email]
    return "\n".join(line for line in lines if line) or None


def _due_dates(case: Case, today: date) -> list:
    """Only the rules' due dates belong in the citizen's plan; warnings are the caseworker's (forloeb check)."""
    return [finding for finding in check(case, today) if finding.alvor == "info"]


def _name(actors: dict[str, dict[str, Any]], actor_id: str, case: Case) -> str:
    if actor_id == "borger":
        return case.borger.navn
    return label(case, actor_id)
