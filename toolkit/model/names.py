"""How actors are named in findings, plans and change lists; the citizen is ``borgeren``."""

from __future__ import annotations

from toolkit.model.case import Case
from toolkit.model.types import CITIZEN_ID

CITIZEN = "borgeren"


def name(case: Case, actor_id: str) -> str:
    """The actor's name, ``borgeren`` for the citizen, or the id itself if no actor has it."""
    if actor_id == CITIZEN_ID:
        return CITIZEN
    actor = case.aktoer(actor_id)
    return actor.navn if actor else actor_id


def label(case: Case, actor_id: str) -> str:
    """Name and role, ``Navn (rolle)``, where one actor must be told from another."""
    if actor_id == CITIZEN_ID:
        return CITIZEN
    actor = case.aktoer(actor_id)
    if actor is None:
        return actor_id
    # A role that has its own parentheses ("træner (forening)") is not put in another pair.
    return f"{actor.navn}, {actor.rolle}" if "(" in actor.rolle else f"{actor.navn} ({actor.rolle})"
