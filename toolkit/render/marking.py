"""The words at the top of supervision material that say how much personal data it holds."""

PSEUDONYMISED = "Pseudonymiseret: borger og private personer optræder under alias"
WITH_NAMES = "Indeholder personoplysninger – kun til internt brug"


def marking(pseudonymised: bool) -> str:
    """The marking for a brief or page: pseudonymised, or with names for internal use only."""
    return PSEUDONYMISED if pseudonymised else WITH_NAMES
