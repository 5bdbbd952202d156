"""Local practice checks: only with a municipal profile, never ``fejl``, always saying "lokal praksis"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.case import add_months
from toolkit.rules.checks import cadence_findings, held_talks
from toolkit.rules.decision import after_reform
from toolkit.rules.findings import Finding
from toolkit.rules.praksis import Praksis
from toolkit.rules.ruleset import RuleSet


def _rule(praksis: Praksis, name: str) -> str:
    return f"praksis-{praksis.id}/{name}"


def cadence(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """The municipality's usual interval between samtaler after the first six months."""
    granted = case.sag.bevilget
    if praksis is None or praksis.samtaleinterval_uger is None or granted is None or today < granted \
            or case.opfoelgning.samtaleinterval_uger:
        return
    start = max(add_months(granted, rules.samtaler.foerste_periode_maaneder), rules.samtaler.gaelder_fra)
    yield from cadence_findings(case, today, held_talks(case, today), praksis.samtaleinterval_uger, start,
                                _rule(praksis, "samtaler.interval"), "kommunens praksis", praksis.label, "advarsel")


def first_meeting(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """The indsatsplan is made with the citizen soon after the grant (Halsnæs: the week after)."""
    granted = case.sag.bevilget
    if praksis is None or praksis.foerste_samtale_dage is None or granted is None:
        return
    due = granted + timedelta(days=praksis.foerste_samtale_dage)
    first = case.sag.indsatsplan_udarbejdet or min((t.dato for t in case.samtaler if t.status == "afholdt"
                                                    and t.dato >= granted), default=None)
    rule = _rule(praksis, "første_samtale")
    if first is None and today > due:
        yield Finding("info", rule, f"Der er ikke registreret en første samtale eller indsatsplan; praksis er senest "
                                    f"{danish_date(due)}.", "sag.indsatsplan_udarbejdet", due, hjemmel=praksis.label)
    elif first and first > due:
        yield Finding("info", rule, f"Indsatsplanen blev lavet {danish_date(first)}, {(first - granted).days} dage "
                                    f"efter bevillingen; praksis er senest {praksis.foerste_samtale_dage} dage efter.",
                      "sag.indsatsplan_udarbejdet", hjemmel=praksis.label)


def team_near_end(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Back to the rehabiliteringsteam in the last months before the end (practice, not law; none after the reform)."""
    end = case.sag.slutdato
    if praksis is None or praksis.forelaeggelse_maaneder_foer_slut is None or end is None or \
            rules.rehabiliteringsteam is None or after_reform(case, today, praksis):
        return
    months = praksis.forelaeggelse_maaneder_foer_slut
    meeting = case.opfoelgning.naeste_rehabiliteringsteam
    warn_from = add_months(end, -months)
    rule = _rule(praksis, "forelæggelse")
    presented = meeting is not None and warn_from <= meeting <= end
    if warn_from <= today <= end and not presented:
        yield Finding("advarsel", rule, f"Forløbet slutter {danish_date(end)}; praksis er at forelægge sagen for "
                                        f"rehabiliteringsteamet i de sidste {months} måneder, og der er ikke planlagt "
                                        "en forelæggelse.", "opfølgning.næste_rehabiliteringsteam", end,
                      hjemmel=praksis.label)
    elif meeting and meeting > end and today <= end:
        yield Finding("info", rule, f"Forelæggelsen {danish_date(meeting)} ligger efter forløbets slut "
                                    f"{danish_date(end)}; praksis er inden for de sidste {months} måneder.",
                      "opfølgning.næste_rehabiliteringsteam", hjemmel=praksis.label)
