"""The decision at the end of a forløb: the rehabiliteringsteam before the reform, the samlet
beskrivelse and the sundhedskoordinator's advice after it.

A running forløb is completed under the rules it was granted under, but its decision is
made under the rules of the day it is made. So a case is on the reform's decision path
when its rule set is the 2026 set, or when its next decision (its end) falls on or after
the reform's cut-off: the municipality's own date from its local practice, else the
reform's second stage (by then both stages are in force). A decision between the two
stages is uncertain and says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.rules.findings import Finding
from toolkit.rules.praksis import Praksis
from toolkit.rules.ruleset import RuleSet, reform, rule_set_for, rule_sets


def decision_date(case: Case, today: date) -> date:
    """When the next decision about the forløb is due: at its end, or now when the end is unknown."""
    return case.sag.slutdato or today


def reform_cutoff(praksis: Praksis | None) -> date:
    return (praksis.reform_skaeringsdato if praksis and praksis.reform_skaeringsdato else None) or reform().andet_trin


def after_reform(case: Case, today: date, praksis: Praksis | None = None) -> bool:
    """Whether the case's next decision is made without a rehabiliteringsteam (the 2026 rules)."""
    if rule_set_for(case, today).rehabiliteringsteam is None:
        return True
    return decision_date(case, today) >= reform_cutoff(praksis)


def _uncertain(case: Case, today: date, praksis: Praksis | None) -> bool:
    stages = reform()
    return (praksis is None or praksis.reform_skaeringsdato is None) and \
        stages.foerste_trin <= decision_date(case, today) < stages.andet_trin


def reform_window(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """A forløb ending between the reform's two stages: which decision path applies is not settled."""
    end = case.sag.slutdato
    if end is None or rules.rehabiliteringsteam is None or not _uncertain(case, today, praksis):
        return
    stages = reform()
    yield Finding("advarsel", f"{_reform_set()}/reform",
                  f"Forløbet slutter {danish_date(end)}, mellem reformens to trin ({danish_date(stages.foerste_trin)} "
                  f"og {danish_date(stages.andet_trin)}): kilderne fastslår ikke, om afgørelsen skal forelægges "
                  "rehabiliteringsteamet eller træffes på en samlet beskrivelse med sundhedskoordinatorens rådgivning. "
                  "Kommunen kan fastsætte sin skæringsdato i sin lokale praksis.", "sag.varighed",
                  hjemmel=stages.hjemmel.kort())


def _reform_set() -> str:
    return next(r.id for r in rule_sets().values() if r.reform is not None)


def team_before_decision(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Before the reform the team sees the case before a decision on a new forløb, fleksjob or førtidspension.

    The case file does not record the decision itself, so a forløb that ended without a
    recorded team meeting after the grant is a warning to look, not an error.
    """
    team, end = rules.rehabiliteringsteam, case.sag.slutdato
    if team is None or end is None or today <= end or after_reform(case, today, praksis) or \
            _uncertain(case, today, praksis):
        return
    meeting = case.opfoelgning.naeste_rehabiliteringsteam
    if meeting is None or (case.sag.bevilget and meeting <= case.sag.bevilget):
        yield Finding("advarsel", f"{rules.id}/rehabiliteringsteam.før_afgørelse",
                      f"Forløbet sluttede {danish_date(end)}, og der er ikke registreret en forelæggelse for "
                      "rehabiliteringsteamet; teamet skal se sagen, før der træffes afgørelse om nyt forløb, fleksjob "
                      "eller førtidspension.", "opfølgning.næste_rehabiliteringsteam", hjemmel=team.hjemmel.kort())


def team_reassessment(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """When the municipality does not follow the team's recommendation, the team sees the case again."""
    team = rules.rehabiliteringsteam
    meeting = case.rehabiliteringsteam
    decision = meeting.kommunens_afgoerelse if meeting else None
    if team is None or decision is None or decision.fulgt or (decision.dato and decision.dato >= reform_cutoff(praksis)):
        return
    again = decision.ny_forelaeggelse or case.opfoelgning.naeste_rehabiliteringsteam
    if again is not None and (decision.dato is None or again >= decision.dato):
        return
    when = f" {danish_date(decision.dato)}" if decision.dato else ""
    yield Finding("advarsel", f"{rules.id}/rehabiliteringsteam.genbehandling",
                  f"Kommunen fulgte ikke rehabiliteringsteamets indstilling{when}; sagen skal behandles i teamet "
                  "igen. Skriv datoen i rehabiliteringsteam.kommunens_afgørelse.ny_forelæggelse.",
                  "rehabiliteringsteam.kommunens_afgørelse", hjemmel=team.hjemmel.kort())


def decision_basis(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """After the reform: the samlet beskrivelse and the sundhedskoordinator's advice before the decision."""
    end = case.sag.slutdato
    if end is None or not after_reform(case, today, praksis) or case.sundhedskoordinatorens_raadgivning:
        return
    basis = next(r.afgoerelsesgrundlag for r in rule_sets().values() if r.afgoerelsesgrundlag is not None)
    name = f"{_reform_set()}/afgørelsesgrundlag"
    text = (f"før afgørelse om {' eller '.join(basis.afgoerelser)}: lav den samlede beskrivelse af borgerens "
            "forudsætninger (forloeb beskrivelse), og indhent sundhedskoordinatorens rådgivning "
            "(sundhedskoordinatorens_rådgivning).")
    if today > end:
        yield Finding("advarsel", name, f"Forløbet sluttede {danish_date(end)}, og sundhedskoordinatorens rådgivning er "
                                        f"ikke registreret; {text}", "sag.varighed", hjemmel=basis.hjemmel.kort())
    else:
        yield Finding("info", name, f"Forløbet slutter {danish_date(end)}; {text}", "sag.varighed", end,
                      hjemmel=basis.hjemmel.kort())
