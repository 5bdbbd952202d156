"""Process rules for ressourceforløb: rule sets as data and the checks that apply them."""

from __future__ import annotations

from datetime import date

from toolkit.model import Case
from toolkit.rules import checks, decision, efforts, practice
from toolkit.rules.decision import after_reform
from toolkit.rules.findings import SEVERITY_ORDER, Finding
from toolkit.rules.praksis import Praksis, load_praksis
from toolkit.rules.ruleset import RuleSet, rule_set_for, rule_sets

GRANT_CHECKS = (checks.new_forloeb_allowed, checks.duration, checks.repeated_forloeb, checks.age_rules)
"""Rules about the grant itself; the only ones that apply on a date before the grant."""
CHECKS = GRANT_CHECKS + (
    checks.talks, efforts.work_trials, efforts.mentor_periods, efforts.treatment_guarantees, efforts.effort_guarantee,
    checks.plan_updated, checks.responsible_actor, checks.subgoals, checks.recommended_efforts,
    decision.reform_window, decision.team_before_decision, decision.team_reassessment, decision.decision_basis,
    practice.cadence, practice.first_meeting, practice.team_near_end,
)


def check(case: Case, today: date, praksis: Praksis | None = None) -> list[Finding]:
    """Every finding for ``case`` as of ``today``, most severe first, then by due date.

    ``praksis`` is the municipality's local practice; without it only the law is checked.
    """
    rules = rule_set_for(case, today)
    granted = case.sag.bevilget
    chosen = GRANT_CHECKS if granted and today < granted else CHECKS
    found = [finding for rule in chosen for finding in rule(case, rules, today, praksis)]
    return sorted(found, key=lambda f: (SEVERITY_ORDER[f.alvor], f.frist or date.max, f.regel))


__all__ = ["Finding", "Praksis", "RuleSet", "after_reform", "check", "load_praksis", "rule_set_for", "rule_sets"]
