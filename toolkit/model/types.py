"""Value types of the case file, each with a Danish error message a caseworker can act on.

The messages raised here are ``PydanticCustomError`` so that the loader can put them
at the exact line and column of the offending value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

CITIZEN_ID = "borger"
"""The citizen's fixed id wherever a case file refers to an actor."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
"""Dates a case can hold; outside them a year is mistyped, and date sums (deadlines, the end of
a period) would leave Python's calendar."""


def shown(value: Any, limit: int = 60) -> str:
    """A value quoted in a message, as written and cut short: messages stay one readable line."""
    text = repr(as_written(value))
    return text if len(text) <= limit else text[: limit - 1] + "…'"


def as_written(value: Any) -> Any:
    """A number read from YAML as the characters that were typed (``0101901234``, ``1.50``).

    The loader's numbers carry their source text in ``written``; text fields take that rather
    than ``str(number)``, which would drop leading zeros and trailing decimals.
    """
    written = getattr(value, "written", None)
    return written if isinstance(written, str) and not isinstance(value, bool) else value


AsWritten = BeforeValidator(as_written)


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "dato_findes_ikke", "datoen {value} findes ikke i kalenderen", {"value": value.strip()}
            ) from None
    else:
        raise PydanticCustomError(
            "dato_format",
            "forventede en dato skrevet som ÅÅÅÅ-MM-DD (fx 2015-01-12), fik {value}",
            {"value": shown(value)},
        )
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            "dato_udenfor", "datoen {value} ligger uden for {first}-{last}; er årstallet skrevet rigtigt?",
            {"value": day.isoformat(), "first": FIRST_DAY.year, "last": LAST_DAY.year})
    return day


Dato = Annotated[date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date written as ``ÅÅÅÅ-MM-DD``; nothing else is guessed."""


def _parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"ja", "nej"}:
        return value.strip().lower() == "ja"
    raise PydanticCustomError(
        "ja_nej", "forventede ja eller nej (eller true/false), fik {value}", {"value": shown(value)}
    )


JaNej = Annotated[
    bool,
    BeforeValidator(_parse_yes_no),
    WithJsonSchema({"oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["ja", "nej"]}]}),
]
"""Yes or no. YAML 1.2 keeps ``ja``/``nej`` as strings; we accept them on purpose here."""


def _id_checker(kind: str, pattern: re.Pattern[str], hint: str):
    def check(value: str) -> str:
        if not pattern.match(value):
            raise PydanticCustomError("id_format", "{kind} {value} er ikke gyldigt: {hint}",
                                      {"kind": kind, "value": shown(value), "hint": hint})
        return value

    return check


_ACTOR_ID = re.compile(r"^[a-zæøå0-9][a-zæøå0-9_-]*$")
_CASE_ID = re.compile(r"^[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå._-]{0,63}$")

AktoerId = Annotated[
    str,
    AsWritten,
    AfterValidator(_id_checker("id'et", _ACTOR_ID, "brug små bogstaver, tal, - og _ (fx 'mentor' eller 'ks')")),
    Field(json_schema_extra={"pattern": _ACTOR_ID.pattern}),
]
"""A short, stable id for an actor, used in relations, events and efforts."""

SagId = Annotated[
    str,
    AsWritten,
    AfterValidator(_id_checker(
        "sagens id", _CASE_ID,
        "brug bogstaver, tal, punktum, - og _ (højst 64 tegn); id'et bliver navnet på en mappe")),
    Field(json_schema_extra={"pattern": _CASE_ID.pattern}),
]
"""The case id; it names the output folder, so it may not contain path separators."""


def _check_actor_reference(value: str, info: ValidationInfo) -> str:
    known = (info.context or {}).get("actor_ids")
    if known is None or value in known or value == CITIZEN_ID:
        return value
    from difflib import get_close_matches

    candidates = sorted(known | {CITIZEN_ID})
    close = get_close_matches(value, candidates, n=1)
    hint = f" Mente du {close[0]!r}?" if close else ""
    raise PydanticCustomError(
        "ukendt_aktoer",
        "ukendt aktør {value}.{hint} Kendte id'er: {known}",
        {"value": shown(value), "hint": hint, "known": ", ".join(candidates)},
    )


AktoerRef = Annotated[str, AsWritten, AfterValidator(_check_actor_reference)]
"""A reference to an actor id in ``aktører``, or ``borger`` for the citizen."""

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


def _check_cpr(value: str) -> str:
    match = _CPR.match(value.strip())
    if not match:
        raise PydanticCustomError("cpr_format", "CPR-nummeret skal skrives DDMMÅÅ-XXXX")
    day, month, year = (int(g) for g in match.groups()[:3])
    try:
        date(2000 + year, month, day)
    except ValueError:
        raise PydanticCustomError("cpr_dato", "CPR-nummerets første seks cifre er ikke en gyldig dato") from None
    return f"{match[1]}{match[2]}{match[3]}-{match[4]}"


Cpr = Annotated[str, AsWritten, AfterValidator(_check_cpr), Field(json_schema_extra={"pattern": r"^\d{6}-?\d{4}$"})]
"""A CPR number, normalised to ``DDMMÅÅ-XXXX``. Special-category personal data."""

_DURATION = re.compile(r"^(\d+(?:[.,]5)?)\s*(år|måned|måneder|mdr\.?)$", re.IGNORECASE)
MAX_MONTHS = 120
"""Longest duration accepted (10 years); a ressourceforløb is granted for 1-5 years."""


def months_in(varighed: str) -> int:
    """The number of months in a duration written as ``3 år`` or ``18 måneder``."""
    match = _DURATION.match(varighed.strip())
    if not match:
        raise ValueError(varighed)
    amount = float(match[1].replace(",", "."))
    return round(amount * 12) if match[2].lower() == "år" else round(amount)


def _check_duration(value: str) -> str:
    try:
        months = months_in(value)
    except ValueError:
        raise PydanticCustomError(
            "varighed_format", "skriv varigheden som fx '1 år', '2,5 år' eller '18 måneder', ikke {value}",
            {"value": shown(value)}) from None
    if months > MAX_MONTHS:
        raise PydanticCustomError(
            "varighed_for_lang", "varigheden {value} er over {years} år; er tallet skrevet rigtigt?",
            {"value": shown(value.strip()), "years": MAX_MONTHS // 12})
    return value.strip()


Varighed = Annotated[str, AsWritten, AfterValidator(_check_duration),
                     Field(json_schema_extra={"pattern": _DURATION.pattern, "examples": ["1 år", "18 måneder"]})]
"""A duration in years or months, kept as the caseworker wrote it."""


_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _check_clock(value: Any) -> str:
    text = str(as_written(value)).strip()
    match = _CLOCK.match(text)
    if not match:
        raise PydanticCustomError(
            "klokkeslaet_format", "skriv klokkeslættet som TT:MM, fx '09:30', ikke {value}", {"value": shown(value)})
    return f"{int(match[1]):02d}:{match[2]}"


Klokkeslaet = Annotated[str, BeforeValidator(_check_clock),
                        Field(json_schema_extra={"pattern": _CLOCK.pattern, "examples": ["09:30", "13.00"]})]
"""A time of day for a planned meeting, kept as ``HH:MM`` (``9.30`` becomes ``09:30``)."""
