"""Who coordinates the case: one lookup that plans, the supervision brief and the page share.

The case file may name the coordinating caseworker in ``sag.koordinerende_sagsbehandler``.
Many files do not: the coordinator is then the one actor whose role is *koordinerende
sagsbehandler*. With no such actor, or several, nobody is guessed: every output says in words
that the coordinator is not given, and no load of 0 is reported for a person merely unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model.case import Case

COORDINATOR_ROLE = "koordinerende sagsbehandler"
NOT_GIVEN = "koordinator ikke angivet"


@dataclass(frozen=True)
class Coordinator:
    """The coordinator found for a case, and how it was found."""

    id: str | None
    kilde: str
    """``sag`` (named in the file), ``rolle`` (the single actor with the role), ``ingen`` or ``flere``."""
    kandidater: tuple[str, ...] = ()

    @property
    def tekst(self) -> str:
        """Why there is no coordinator, in Danish, or an empty string when there is one."""
        if self.id:
            return ""
        if self.kilde == "flere":
            return (f"{NOT_GIVEN}: {len(self.kandidater)} aktører har rollen {COORDINATOR_ROLE}; "
                    "angiv én i sag.koordinerende_sagsbehandler")
        return f"{NOT_GIVEN}: ingen er angivet i sag.koordinerende_sagsbehandler eller har rollen {COORDINATOR_ROLE}"


def _is_coordinator_role(role: str) -> bool:
    """The role, or the role with an addition: 'Koordinerende sagsbehandler, jobafklaring' or
    'koordinerende sagsbehandler (KS)' name the coordinator as plainly as the bare words do."""
    words = " ".join(role.casefold().split())
    if not words.startswith(COORDINATOR_ROLE):
        return False
    rest = words[len(COORDINATOR_ROLE):]
    return not rest or not rest[0].isalpha()


def find_coordinator(case: Case) -> Coordinator:
    """The coordinating caseworker of ``case``.

    Examples
    --------
    >>> from toolkit.analyse.examples import lean_case
    >>> find_coordinator(lean_case())
    Coordinator(id='ks', kilde='sag', kandidater=())
    """
    named = case.sag.koordinerende_sagsbehandler
    if named:
        return Coordinator(named, "sag")
    candidates = tuple(a.id for a in case.aktoerer if _is_coordinator_role(a.rolle))
    if len(candidates) == 1:
        return Coordinator(candidates[0], "rolle", candidates)
    return Coordinator(None, "flere" if candidates else "ingen", candidates)
