"""Two tiny cases in code, used by the metric docstrings' examples and by tests.

``lean_case``: three helpers in positive, frequent contact, no complaints.
``split_case``: the pattern from the Aarhus slides in miniature: the citizen praises
bostøtte, complains about the mentor to bostøtte, and mentor and bostøtte are at odds.
"""

from __future__ import annotations

from typing import Any

from toolkit.model import Case


CATEGORY = {"ks": "samtaler", "mentor": "mentor", "vk": "virksomhedskonsulent", "bostøtte": "bostøtte"}
"""The kind of effort each example actor delivers (mentor and company consultant, mentor and
bostøtte are interdependent by kind, so they need a direct channel)."""


def _case(actors: list[tuple[str, str, str]], relations: list[tuple[str, str, str, str]],
          efforts: list[str], events: list[dict[str, Any]] | None = None) -> Case:
    data = {
        "schema_version": 3,
        "sag": {"id": "eksempel", "kommune": "Eksempel Kommune", "koordinerende_sagsbehandler": "ks"},
        "borger": {"navn": "Borger Eksempel"},
        "aktører": [{"id": i, "navn": i.capitalize(), "rolle": r, "organisation": o, "sektor": "beskæftigelse"
                     if o == "Jobcentret" else "social"} for i, r, o in actors],
        "relationer": [{"mellem": [a, b], "kontakt": k, "valens": v} for a, b, k, v in relations],
        "indsatser": [{"id": f"i{n}", "titel": f"Indsats {n}", "type": "social", "kategori": CATEGORY.get(a, "andet"),
                       "ansvarlig": a, "status": "i gang"}
                      for n, a in enumerate(efforts)],
        "hændelser": events or [],
    }
    return Case.model_validate(data, context={"actor_ids": {a[0] for a in actors}})


def lean_case() -> Case:
    """Coordinator, mentor and company consultant, all in weekly positive contact."""
    return _case(
        [("ks", "koordinerende sagsbehandler", "Jobcentret"), ("mentor", "mentor", "Jobcentret"),
         ("vk", "virksomhedskonsulent", "Jobcentret")],
        [("borger", "ks", "hver 14. dag", "positiv"), ("borger", "mentor", "ugentlig", "positiv"),
         ("ks", "mentor", "ugentlig", "positiv"), ("ks", "vk", "ugentlig", "positiv"),
         ("mentor", "vk", "månedlig", "positiv")],
        ["ks", "mentor", "vk"],
    )


def split_case() -> Case:
    """Citizen +bostøtte, -mentor; mentor and bostøtte negative and out of contact."""
    return _case(
        [("ks", "koordinerende sagsbehandler", "Jobcentret"), ("mentor", "mentor", "Jobcentret"),
         ("bostøtte", "bostøttemedarbejder", "Socialforvaltningen")],
        [("borger", "ks", "hver 14. dag", "neutral"), ("borger", "mentor", "ugentlig", "negativ"),
         ("borger", "bostøtte", "ugentlig", "positiv"), ("ks", "mentor", "månedlig", "neutral"),
         ("ks", "bostøtte", "månedlig", "neutral"), ("mentor", "bostøtte", "sjældent", "negativ")],
        ["ks", "mentor", "bostøtte"],
        [{"dato": "2015-02-03", "type": "klage", "fra": "borger", "om": "mentor", "til": "bostøtte",
          "taget_op_med_den_omtalte": False, "note": "Mentoren forstår mig ikke."}],
    )
