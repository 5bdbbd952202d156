"""Pseudonymisation: a case with the citizen's and private persons' identities taken out.

Supervision material goes to people outside the case (an external supervisor, helpers from
other organisations), so it carries no more personal data than the purpose needs. The
transformation works on the model, before analysis and rendering, so no document, page or
JSON made from its result can contain what it removed:

- the citizen becomes ``Borgeren``; CPR number, birth date (replaced by age), address,
  phone and e-mail are dropped;
- every private person (anyone who is not a professional: relatives, friends, a club) gets
  a stable alias from their role and a short code, the same on every run for the same case,
  so two briefs can be compared; their phone and e-mail are dropped;
- those names are also replaced inside all free text (notes, goals, summaries), as whole
  words and in the Danish genitive (``Mortens`` becomes ``Borgerens``);
- professionals keep their names unless ``hide_professionals`` is set.

Names of people who are not in ``aktører`` cannot be recognised in free text; keep them out
of case files, or add the person as an actor.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from toolkit.model import CITIZEN_ID, Case

CITIZEN_ALIAS = "Borgeren"
AGE_RANGE = (15, 80)
"""The ages the model accepts; an age outside them (a wrong birth date) is left out rather than shown."""
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

# Keys whose values are ids or fixed vocabulary, never free text.
_NOT_TEXT = frozenset({
    "id", "mellem", "fra", "om", "til", "ansvarlig", "kilde", "koordinerende_sagsbehandler", "tilføj", "fjern",
    "type", "status", "sektor", "kontakt", "valens", "form", "emne", "indstilling", "forløb", "schema_version",
})


def alias_code(case_id: str, actor_id: str, length: int = 2) -> str:
    """A short code that depends only on the case and the actor, so it never shifts."""
    digest = hashlib.sha256(f"{case_id}\0{actor_id}".encode()).digest()
    return "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:length])


def aliases(case: Case, *, hide_professionals: bool = False) -> dict[str, str]:
    """Alias per actor id that must be hidden, and ``borger`` → ``Borgeren``."""
    hidden = [a for a in case.aktoerer if hide_professionals or not a.er_fagperson]
    length = 2
    while True:
        found = {a.id: f"{_role_word(a.rolle)} {alias_code(case.sag.id, a.id, length)}" for a in hidden}
        if len(set(found.values())) == len(found):
            break
        length += 1
    return {CITIZEN_ID: CITIZEN_ALIAS, **found}


def pseudonymise(case: Case, today: date, *, hide_professionals: bool = False) -> Case:
    """The same case with identities taken out (see the module documentation)."""
    names = aliases(case, hide_professionals=hide_professionals)
    replacements = [(case.borger.navn, CITIZEN_ALIAS)]
    replacements += [(a.navn, names[a.id]) for a in case.aktoerer if a.id in names]
    scrub = _scrubber(replacements)

    data = case.model_dump(by_alias=True)
    citizen = data["borger"]
    age = _age(case.borger.foedselsdato, today) if case.borger.foedselsdato else citizen["alder"]
    citizen.update(cpr=None, adresse=None, telefon=None, email=None, fødselsdato=None,
                   alder=age if age is not None and AGE_RANGE[0] <= age <= AGE_RANGE[1] else None)
    for actor in data["aktører"]:
        if actor["id"] in names:
            actor.update(telefon=None, email=None)
    if hide_professionals and data["rehabiliteringsteam"]:
        for member in data["rehabiliteringsteam"]["deltagere"]:
            member["navn"] = None
    data = _walk(data, scrub, None)
    data["borger"]["navn"] = CITIZEN_ALIAS
    for actor in data["aktører"]:
        if actor["id"] in names:
            actor["navn"] = names[actor["id"]]
    return Case.model_validate(data, context={"actor_ids": {a.id for a in case.aktoerer}})


def _role_word(role: str) -> str:
    """The role without remarks in brackets, capitalised: 'pårørende (mor)' → 'Pårørende'."""
    word = role.split("(")[0].strip() or "Person"
    return word[:1].upper() + word[1:]


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _scrubber(replacements: list[tuple[str, str]]):
    """Replace full names first, then each capitalised part of a name, as whole words."""
    table: dict[str, str] = {}
    for name, alias in replacements:
        table.setdefault(name, alias)
    for name, alias in replacements:
        for part in re.split(r"[\s\-]+", name):
            if len(part) >= 2 and part[:1].isupper():
                table.setdefault(part, alias)
    if not table:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                         + r")(s?)(?!\w)")
    return lambda text: pattern.sub(lambda m: table[m[1]] + ("s" if m[2] else ""), text)


def _walk(value: Any, scrub, key: str | None) -> Any:
    if key in _NOT_TEXT:
        return value
    if isinstance(value, dict):
        return {k: _walk(v, scrub, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(v, scrub, key) for v in value)
    if isinstance(value, str):
        return scrub(value)
    return value
