"""Process rules for ressourceforløb: rule sets as data and the checks that apply them."""

from __future__ import annotations

from datetime import date

from toolkit.model import Case
from toolkit.rules.checks import CHECKS, GRANT_CHECKS
from toolkit.rules.findings import SEVERITY_ORDER, Finding
from toolkit.rules.ruleset import RuleSet, rule_set_for, rule_sets


def check(case: Case, today: date) -> list[Finding]:
    """Every finding for ``case`` as of ``today``, most severe first, then by due date."""
    rules = rule_set_for(case, today)
    granted = case.sag.bevilget
    checks = GRANT_CHECKS if granted and today < granted else CHECKS
    found = [finding for rule in checks for finding in rule(case, rules, today)]
    return sorted(found, key=lambda f: (SEVERITY_ORDER[f.alvor], f.frist or date.max, f.regel))


__all__ = ["Finding", "RuleSet", "check", "rule_set_for", "rule_sets"]
