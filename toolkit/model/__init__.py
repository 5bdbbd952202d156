"""The case model: the validated, typed form of one case file."""

from toolkit.model.case import SCHEMA_VERSION, Case
from toolkit.model.types import CITIZEN_ID

__all__ = ["CITIZEN_ID", "SCHEMA_VERSION", "Case"]
