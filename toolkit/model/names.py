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
    return f"{actor.navn} ({_flat(actor.rolle)})" if actor else actor_id


def _flat(role: str) -> str:
    """A role with its own brackets as a comma, so the label has one pair of brackets:
    ``neurolog (overlæge)`` gives ``Jonas Berg (neurolog, overlæge)``, not ``(neurolog (overlæge))``.

    >>> _flat("neurolog (overlæge)"), _flat("mentor")
    ('neurolog, overlæge', 'mentor')
    """
    head, bracket, rest = role.rstrip().partition(" (")
    if bracket and rest.endswith(")") and not any(c in head + rest[:-1] for c in "()"):
        return f"{head}, {rest[:-1]}"
    return role
