"""Dates as Danish readers write them, for every layer that produces Danish text."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

NOT_GIVEN = "Ikke oplyst"
LOCALE = "da_DK"


def danish_date(value: date | None, style: str = "long") -> str:
    """``12. januar 2015`` (``long``) or ``12.01.2015`` (``short``).

    >>> danish_date(date(2015, 1, 12)), danish_date(date(2015, 1, 12), "short")
    ('12. januar 2015', '12.01.2015')
    """
    if value is None:
        return NOT_GIVEN
    if isinstance(value, datetime):
        value = value.date()
    pattern = "d. MMMM y" if style == "long" else "dd.MM.y"
    return format_date(value, pattern, locale=LOCALE)
