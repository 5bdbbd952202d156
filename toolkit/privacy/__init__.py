"""Pseudonymised supervision material: the replacement rules and the last check before writing.

``pseudonymise`` takes identities out of a case (the mechanism); ``Guard.check`` refuses any
output that still holds an identifier of the case in any form (the guarantee).
"""

from toolkit.privacy.lastcheck import Guard, check_all, leaks
from toolkit.privacy.rules import (
    CITIZEN_ALIAS,
    RULES,
    alias_code,
    aliases,
    case_alias,
    case_identifiers,
    pseudonymise,
)

__all__ = ["CITIZEN_ALIAS", "RULES", "Guard", "alias_code", "aliases", "case_alias", "case_identifiers",
           "check_all", "leaks", "pseudonymise"]
