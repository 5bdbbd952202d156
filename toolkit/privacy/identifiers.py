"""The identifiers of a case in every form a note may hold them, as patterns.

Both halves of pseudonymisation read these patterns: the replacement rules
(``toolkit.privacy.rules``) that take identifiers out of free text, and the last check
(``toolkit.privacy.lastcheck``) that refuses an output still holding one. Keeping them in one
place means the check looks for exactly what the rules promise to remove, in every form:

- names in any letter case, across Danish transliterations (æ/ae, ø/o/oe, å/aa/a), with
  the genitive (``Mortens``, ``Lars'``), as whole words; soft hyphens, zero-width and
  non-breaking characters are ignored (``plain``);
- CPR numbers, phone numbers, e-mail addresses, the citizen's address and birth date.

A professional's name and an organisation's name are *protected*: a private person's name
inside them ("Lars Østergaard" when the citizen is called Østergaard) is neither replaced
nor reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u034f"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"), " ")
DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
"""Any dash a CPR number, phone number or date may be typed with."""
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")

# Each letter of a canonical name and the spellings it may have in a note.
_LETTERS = {
    "a": "(?:a|å|aa|á|à|â)", "å": "(?:å|aa|a)", "æ": "(?:æ|ae|ä)",
    "o": "(?:o|ø|oe|ö|ó)", "ø": "(?:ø|oe|o|ö)",
    "e": "(?:e|é|è|ë|ê)", "u": "(?:u|ü|ú)", "i": "(?:i|í|ï)", "c": "(?:c|ç)", "n": "(?:n|ñ)",
}
_CANONICAL = (("aa", "å"), ("ae", "æ"), ("oe", "ø"), ("ä", "æ"), ("ö", "ø"), ("ü", "u"), ("é", "e"), ("è", "e"))
_GENITIVE = "(?P<genitive>s|'s|’s|'|’)?"
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def plain(text: str) -> str:
    """Text as read: soft hyphens and zero-width characters removed, odd spaces made spaces.

    >>> plain("Mor\\u00adten\\u00a0Lund")
    'Morten Lund'
    """
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE).translate(_SPACES))


def canonical(name: str) -> str:
    """A name in lower case with the Danish letters its spellings share: 'Aaroe' → 'årø'."""
    text = plain(name).lower()
    for written, letter in _CANONICAL:
        text = text.replace(written, letter)
    return text


def folded(text: str) -> str:
    """Text reduced to ASCII letters for comparing inside e-mail addresses: 'Sørensen' → 'sorensen'."""
    text = canonical(text)
    for letter, ascii_letter in (("å", "a"), ("æ", "ae"), ("ø", "o")):
        text = text.replace(letter, ascii_letter)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and c.isalnum())


def spelling(name: str) -> str:
    """A regular expression for ``name`` in every spelling; parts may be joined by spaces or dashes."""
    pieces = []
    for char in canonical(name):
        if char.isspace() or char == "-":
            if not pieces or pieces[-1] != r"[\s\-]+":
                pieces.append(r"[\s\-]+")
        else:
            pieces.append(_LETTERS.get(char, re.escape(char)))
    return "".join(pieces)


def whole_word(expression: str, *, genitive: bool = True) -> re.Pattern[str]:
    """``expression`` as a whole word (optionally in the genitive), in any letter case."""
    return re.compile(rf"(?<!\w)(?:{expression}){_GENITIVE if genitive else ''}(?!\w)", re.IGNORECASE)


def name_parts(name: str) -> list[str]:
    """The parts of a name that identify on their own: capitalised, two letters or more."""
    return [part for part in re.split(r"[\s\-]+", plain(name)) if len(part) >= 2 and part[:1].isupper()]


def digits_pattern(digits: str) -> str:
    """The digits with any single space, dot or dash between them."""
    return rf"[\s.]?(?:{DASH})?[\s.]?".join(digits)


CPR_ANY = re.compile(rf"(?<![\d+])\d{{2}}\s?\d{{2}}\s?\d{{2}}\s?(?:{DASH})?\s?\d{{4}}(?!\d)")
"""Any CPR number: DDMMÅÅ-XXXX with or without the dash, with spaces."""
CPR_WRITTEN = re.compile(rf"(?<!\d)(\d{{2}})(\d{{2}})(\d{{2}})\s?{DASH}\s?\d{{4}}(?!\d)")
"""A CPR number as usually written (with its dash); the check reports any with a real date."""
_PHONE = re.compile(rf"(?<![\d+])(?:(?:\+|00)\s?45[\s.\-]?)?\d(?:(?:[ .]|{DASH})?\d){{7}}(?!\d)")
EMAIL_ANY = _EMAIL


def phone_numbers(text: str) -> Iterable[re.Match[str]]:
    """Danish phone numbers in ``text``: eight digits in any grouping with one kind of separator,
    with or without +45/0045; a date such as 2015-03-12 or a time span 10.00-12.00 is not one.

    >>> [m[0] for m in phone_numbers("Ring 12 34 56 78 eller +45 8765-4321, ikke 2015-03-12 kl. 10.00-12.00")]
    ['12 34 56 78', '+45 8765-4321']
    >>> [m[0] for m in phone_numbers("uge 12-12 34 56 78")]
    ['12 34 56 78']
    """
    position = 0
    while match := _PHONE.search(text, position):
        number = re.sub(r"^(?:\+|00)\s?45[\s.\-]?", "", match[0])
        if len(set(re.sub(r"\d", "", number))) <= 1 and not is_date_shaped(number):
            yield match
            position = match.end()
        else:  # not a number after all ('uge 12-12 34 56 78'): one may start inside it
            position = match.start() + 1


def is_date_shaped(text: str) -> bool:
    """True for a date such as 2015-03-12 or 12.03.2015, which the phone pattern must not take."""
    groups = re.split(rf"[ ./]|{DASH}", text.strip())
    if len(groups) != 3:
        return False
    for y, m, d in ((0, 1, 2), (2, 1, 0)):
        if len(groups[y]) == 4 and len(groups[m]) in (1, 2) and len(groups[d]) in (1, 2):
            try:
                date(int(groups[y]), int(groups[m]), int(groups[d]))
                return True
            except ValueError:
                return False
    return False


def birth_date_pattern(born: date) -> re.Pattern[str]:
    """The birth date in any common Danish or ISO form: 1990-01-15, 15.1.90, 15/01/1990, 15. januar 1990."""
    day, month = rf"0?{born.day}", rf"0?{born.month}"
    year = rf"(?:{born.year}|{born.year % 100:02d})"
    sep = rf"\s?(?:[./]|{DASH})\s?"
    name = MONTHS[born.month - 1]
    month_word = rf"(?:{name}|{name[:3]}\.?)"
    forms = [
        rf"{born.year}{sep}{month}{sep}{day}",
        rf"{day}{sep}{month}{sep}{year}",
        rf"{day}\.?\s+{month_word}\s+{year}",
    ]
    return re.compile(rf"(?<!\d)(?:{'|'.join(forms)})(?!\d)", re.IGNORECASE)


def address_pattern(address: str) -> re.Pattern[str] | None:
    """The street and house number of an address in any spelling, with or without the number."""
    match = re.match(r"\s*([^\d,]+?)\s*(\d+\s?[A-Za-z]?)?(?:\W|$)", plain(address))
    if not match or len(match[1].strip()) < 4:
        return None
    street = spelling(match[1].strip().rstrip("."))
    number = rf"(?:\s*{re.escape(match[2].replace(' ', ''))}(?![\d]))?" if match[2] else ""
    return re.compile(rf"(?<!\w){street}{number}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Identifier:
    """One identifier of a case: what it is (for messages and placeholders) and its pattern."""

    kind: str
    """Danish, as it reads in a message: 'borgerens navn', 'CPR-nummer'."""
    pattern: re.Pattern[str]
    replacement: str = ""
    """The alias or placeholder that takes its place in free text."""


@dataclass
class Identifiers:
    """Everything of a case that must not leave in pseudonymised material, and what is protected."""

    names: list[Identifier] = field(default_factory=list)
    """Private names: full names first, then parts, longest first."""
    protected: list[re.Pattern[str]] = field(default_factory=list)
    """Professionals' names and organisations' names: left as they are."""
    protected_texts: list[str] = field(default_factory=list)
    """Professionals' contact details as written (e-mail, phone): never reported."""
    private_name_parts: list[str] = field(default_factory=list)
    """Folded parts of private names, to find inside e-mail addresses."""
    others: list[Identifier] = field(default_factory=list)
    """CPR, phone numbers, e-mail addresses, address, birth date, case id."""

    def extend(self, other: Identifiers) -> Identifiers:
        """Both cases' identifiers, for an output made from several cases."""
        return Identifiers(self.names + other.names, self.protected + other.protected,
                           self.protected_texts + other.protected_texts,
                           self.private_name_parts + other.private_name_parts, self.others + other.others)

    def name_spans(self, text: str) -> Iterable[tuple[re.Match[str], Identifier | None]]:
        """Non-overlapping name matches in ``text``, leftmost and longest first; ``None`` marks a protected one.

        A protected name wins over a private part inside it ("Lars Østergaard"); a longer
        private name wins over a protected one inside it.
        """
        found: list[tuple[int, int, int, re.Match[str], Identifier | None]] = []
        for pattern in self.protected:
            found += [(m.start(), -m.end(), 1, m, None) for m in pattern.finditer(text) if m.end() > m.start()]
        for rank, identifier in enumerate(self.names, start=2):
            found += [(m.start(), -m.end(), rank, m, identifier) for m in identifier.pattern.finditer(text)]
        end = 0
        for start, negative_end, _rank, match, identifier in sorted(found, key=lambda f: (f[0], f[1], f[2])):
            if start >= end:
                end = -negative_end
                yield match, identifier


def person_names(full_name: str, replacement: str, kind: str) -> list[Identifier]:
    """The full name, then shorter runs of its parts ('Morten Lund', 'Morten Sørensen'), then each part.

    A run is replaced as one, so 'morten lund' becomes 'Borgeren', not 'Borgeren Borgeren'.
    """
    parts = name_parts(full_name)
    runs = [" ".join(parts[i:j]) for length in range(len(parts) - 1, 1, -1)
            for i in range(len(parts) - length + 1) for j in [i + length]]
    if len(parts) > 2:
        runs.append(f"{parts[0]} {parts[-1]}")
    forms = list(dict.fromkeys([full_name, *runs, *parts]))
    forms = [full_name] + [form for form in forms[1:] if form.lower() != full_name.lower()]
    return [Identifier(kind, whole_word(spelling(form)), replacement) for form in forms if form.strip()]


def protect(text: str) -> re.Pattern[str]:
    """A professional's or organisation's name in every spelling, with its genitive."""
    return whole_word(spelling(text))


def email_holds_name(address: str, parts: Iterable[str]) -> str | None:
    """The private name part found inside an e-mail address ('mortenlund90@…' holds 'morten'), if any."""
    flat = folded(address)
    return next((part for part in parts if len(part) >= 3 and part in flat), None)
