"""Free text as it goes into titles, lists and calendar entries."""

from __future__ import annotations


def one_line(text: str) -> str:
    """The text with every run of white space, line breaks included, as one space."""
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at a word before ``limit`` characters, marked with ``…``.

    >>> shorten("Mentorstøtte to timer om ugen, gerne om morgenen", 30)
    'Mentorstøtte to timer om …'
    """
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"


def thousands(number: int) -> str:
    """A whole number with Danish thousands separators.

    >>> thousands(1000000)
    '1.000.000'
    """
    return f"{number:,}".replace(",", ".")


def count(number: int, singular: str, plural: str) -> str:
    """``1 samarbejdspartner``, ``2 samarbejdspartnere``: a Danish count with the right form.

    >>> count(1, "gang", "gange"), count(3, "klage", "klager")
    ('1 gang', '3 klager')
    """
    return f"{number} {singular if number == 1 else plural}"


def upper_first(text: str) -> str:
    """The text with its first letter made upper case and the rest untouched (``str.capitalize``
    would lower the rest, turning a name like ``Henrik Skov`` into ``Henrik skov``).

    >>> upper_first("henrik Skov (misbrugskonsulent)")
    'Henrik Skov (misbrugskonsulent)'
    """
    return text[:1].upper() + text[1:]
