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

    context.update(
        dokument={"titel": title, "dato": today},
        koordinator=actors.get(find_coordinator(case).id or ""),
        fagpersoner=[actors[a.id] for a in case.aktoerer if a.er_fagperson],
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


def _due_dates(case: Case, today: date) -> list:
    """Only the rules' due dates belong in the citizen's plan; warnings are the caseworker's (forloeb check)."""
    return [finding for finding in check(case, today) if finding.alvor == "info"]


def _name(actors: dict[str, dict[str, Any]], actor_id: str, case: Case) -> str:
    if actor_id == "borger":
        return case.borger.navn
    actor = actors[actor_id]
    return f"{actor['navn']} ({actor['rolle']})"
