"""Pseudonymisation: a case with the citizen's and private persons' identities taken out.

Supervision material goes to people outside the case (an external supervisor, helpers from
other organisations), so it carries no more personal data than the purpose needs. The
transformation works on the model, before analysis and rendering, by a list of rules
(``RULES``), each one a kind of identifier:

- the citizen becomes ``Borgeren``; CPR number, birth date (replaced by age), address,
  phone and e-mail are dropped;
- every private person (relatives, friends, private persons, volunteers: see
  ``Aktoer.er_fagperson``) gets a stable alias from their role and a short code, the same on
  every run for the same case, so two briefs can be compared; their phone, e-mail and id go;
- the case id gets a stable alias (``sag-K7PQ2M``);
- in every free-text field, names (in any spelling, see ``identifiers``) become the alias,
  and CPR numbers, phone numbers, e-mail addresses, the citizen's address and birth date
  become a placeholder that says what was removed (``[CPR-nummer fjernet]``);
- professionals keep name, role, organisation and contact details unless
  ``hide_professionals`` is set; their names and organisations' names are never rewritten.

The rules are the mechanism; the guarantee is the last check (``toolkit.privacy.lastcheck``),
which every pseudonymised output passes before it is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from toolkit.model import CITIZEN_ID, Case
from toolkit.privacy.identifiers import (
    CPR_ANY,
    EMAIL_ANY,
    Identifier,
    Identifiers,
    address_pattern,
    birth_date_pattern,
    digits_pattern,
    folded,
    name_parts,
    person_names,
    phone_numbers,
    plain,
    protect,
)

CITIZEN_ALIAS = "Borgeren"
AGE_RANGE = (15, 80)
"""The ages the model accepts; an age outside them (a wrong birth date) is left out rather than shown."""
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PLACEHOLDERS = {
    "cpr": "[CPR-nummer fjernet]", "telefon": "[telefonnummer fjernet]", "email": "[e-mail fjernet]",
    "adresse": "[adresse fjernet]", "fødselsdato": "[fødselsdato fjernet]",
}

# Keys whose values are ids or fixed vocabulary, never free text.
_NOT_TEXT = frozenset({
    "id", "mellem", "fra", "om", "til", "ansvarlig", "kilde", "koordinerende_sagsbehandler", "tilføj", "fjern",
    "type", "status", "sektor", "kontakt", "valens", "form", "emne", "indstilling", "forløb", "schema_version",
    "kategori", "regelsæt", "varighed", "deltagere", "cpr", "fødselsdato", "cvr",
})
# Keys that refer to an actor by id.
_REFERENCES = frozenset({"koordinerende_sagsbehandler", "mellem", "fra", "om", "til", "ansvarlig", "deltagere",
                         "kilde", "tilføj", "fjern"})
_CONTACT = ("navn", "organisation", "telefon", "email", "cvr", "adresse")


def alias_code(case_id: str, actor_id: str, length: int = 2) -> str:
    """A short code that depends only on the case and the actor, so it never shifts."""
    digest = hashlib.sha256(f"{case_id}\0{actor_id}".encode()).digest()
    return "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:length])


def case_alias(case_id: str) -> str:
    """The case id as pseudonymised material shows it: same case, same alias; the id itself often holds a name."""
    return f"sag-{alias_code(case_id, '', 6)}"


def hidden_actors(case: Case, *, hide_professionals: bool = False) -> list:
    """The actors pseudonymised material must not name: private persons, and professionals if asked."""
    return [a for a in case.aktoerer if hide_professionals or not a.er_fagperson]


def aliases(case: Case, *, hide_professionals: bool = False) -> dict[str, str]:
    """Alias per actor id that must be hidden, and ``borger`` → ``Borgeren``."""
    hidden = hidden_actors(case, hide_professionals=hide_professionals)
    private_names = [case.borger.navn] + [a.navn for a in hidden]
    length = 2
    while True:
        found = {a.id: f"{_role_word(a.rolle, private_names)} {alias_code(case.sag.id, a.id, length)}"
                 for a in hidden}
        if len(set(found.values())) == len(found):
            break
        length += 1
    return {CITIZEN_ID: CITIZEN_ALIAS, **found}


def case_identifiers(case: Case, *, hide_professionals: bool = False, keep_case_id: bool = False) -> Identifiers:
    """Every identifier of ``case`` with its replacement, and what is protected (see ``identifiers``)."""
    names = aliases(case, hide_professionals=hide_professionals)
    hidden = hidden_actors(case, hide_professionals=hide_professionals)
    hidden_ids = {a.id for a in hidden}
    people = [(case.borger.navn, CITIZEN_ALIAS, "borgerens navn")]
    people += [(a.navn, names[a.id], f"navnet på {a.rolle}") for a in hidden]
    full = [person_names(n, alias, kind)[0] for n, alias, kind in people]
    parts = [identifier for n, alias, kind in people for identifier in person_names(n, alias, kind)[1:]]
    found = Identifiers(names=full + sorted(parts, key=lambda i: -len(i.pattern.pattern)))
    found.private_name_parts = sorted({folded(p) for n, _, _ in people for p in name_parts(n) + [n]}, key=len,
                                      reverse=True)

    shown = [a for a in case.aktoerer if a.id not in hidden_ids]
    found.protected = [protect(a.navn) for a in shown]
    found.protected += [protect(a.organisation) for a in case.aktoerer if a.er_fagperson and a.organisation]
    # the municipality and its jobcentre are never a person, even when a relative shares the town's name
    found.protected += [protect(text) for text in (case.sag.kommune, case.sag.jobcenter) if text]
    if case.rehabiliteringsteam and not hide_professionals:
        found.protected += [protect(m.navn) for m in case.rehabiliteringsteam.deltagere if m.navn]
    found.protected_texts = [text for a in shown for text in (a.email, a.telefon) if text]

    citizen = case.borger
    others = found.others
    if keep_case_id:  # the caseworker's own calendar: the id is kept as written, names in it included
        found.protected.append(re.compile(rf"(?<![\w-]){re.escape(case.sag.id)}(?![\w-])", re.IGNORECASE))
    elif _distinctive(case.sag.id):
        others.append(Identifier("sagens id", re.compile(rf"(?<![\w-]){re.escape(case.sag.id)}(?![\w-])",
                                                         re.IGNORECASE), case_alias(case.sag.id)))
    if citizen.cpr:
        others.append(Identifier("borgerens CPR-nummer", _digits(re.sub(r"\D", "", citizen.cpr)), PLACEHOLDERS["cpr"]))
    for born in _birth_dates(case):
        others.append(Identifier("borgerens fødselsdato", birth_date_pattern(born), PLACEHOLDERS["fødselsdato"]))
    addresses = [("borgerens adresse", citizen.adresse)] + [(f"adressen på {a.rolle}", a.adresse) for a in hidden]
    for kind, address in addresses:
        if address and (street := address_pattern(address)):
            others.append(Identifier(kind, street, PLACEHOLDERS["adresse"]))
    contacts = [("borgerens telefonnummer", "borgerens e-mailadresse", citizen.telefon, citizen.email)]
    contacts += [(f"telefonnummeret på {a.rolle}", f"e-mailadressen på {a.rolle}", a.telefon, a.email)
                 for a in hidden]
    for phone_kind, email_kind, phone, email in contacts:
        digits = re.sub(r"\D", "", phone or "")[-8:]
        if len(digits) == 8:
            others.append(Identifier(phone_kind, _digits(digits, phone=True), PLACEHOLDERS["telefon"]))
        if email:
            others.append(Identifier(email_kind, re.compile(re.escape(email.strip()), re.IGNORECASE),
                                     PLACEHOLDERS["email"]))
    return found


# --- the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One kind of identifier taken out: from free text (``text``) and/or from the case's fields (``data``)."""

    name: str
    text: Callable[[str, Identifiers], str] | None = None
    data: Callable[[dict[str, Any], Case, Identifiers, bool], None] | None = None


def _emails(text: str, ids: Identifiers) -> str:
    return EMAIL_ANY.sub(PLACEHOLDERS["email"], text)


def _case_id_text(text: str, ids: Identifiers) -> str:
    return _each(text, [i for i in ids.others if i.kind == "sagens id"])


def _case_id_data(data: dict[str, Any], case: Case, ids: Identifiers, hide: bool) -> None:
    data["sag"]["id"] = case_alias(case.sag.id)


def _birth_date(text: str, ids: Identifiers) -> str:
    return _each(text, _replaced_by(ids, "fødselsdato"))


def _cpr(text: str, ids: Identifiers) -> str:
    return CPR_ANY.sub(PLACEHOLDERS["cpr"], _each(text, _replaced_by(ids, "cpr")))


def _phones(text: str, ids: Identifiers) -> str:
    text = _each(text, _replaced_by(ids, "telefon"))
    for match in reversed(list(phone_numbers(text))):
        text = text[:match.start()] + PLACEHOLDERS["telefon"] + text[match.end():]
    return text


def _address(text: str, ids: Identifiers) -> str:
    return _each(text, _replaced_by(ids, "adresse"))


def _names_text(text: str, ids: Identifiers) -> str:
    pieces, last = [], 0
    for match, identifier in ids.name_spans(text):
        if identifier is None:
            continue
        pieces += [text[last:match.start()], identifier.replacement + ("s" if match["genitive"] else "")]
        last = match.end()
    return "".join(pieces) + text[last:]


def _names_data(data: dict[str, Any], case: Case, ids: Identifiers, hide: bool) -> None:
    names = aliases(case, hide_professionals=hide)
    data["borger"]["navn"] = CITIZEN_ALIAS
    for actor in data["aktører"]:
        if actor["id"] in names:
            actor["navn"] = names[actor["id"]]
    if hide and data["rehabiliteringsteam"]:
        for member in data["rehabiliteringsteam"]["deltagere"]:
            member["navn"] = None


def _contact_data(data: dict[str, Any], case: Case, ids: Identifiers, hide: bool) -> None:
    names = aliases(case, hide_professionals=hide)
    data["borger"].update(cpr=None, adresse=None, telefon=None, email=None, fødselsdato=None)
    for actor in data["aktører"]:
        if actor["id"] in names:
            actor.update(telefon=None, email=None, cvr=None, adresse=None)


def _actor_ids(data: dict[str, Any], case: Case, ids: Identifiers, hide: bool) -> None:
    """Private persons' ids often are their names ('hanne'): they get the alias code instead."""
    taken = {a.id for a in case.aktoerer}
    mapping = {}
    for actor in hidden_actors(case, hide_professionals=hide):
        length = 2
        while (new := f"p-{alias_code(case.sag.id, actor.id, length).lower()}") in taken:
            length += 1
        mapping[actor.id] = new
        taken.add(new)
    for actor in data["aktører"]:
        actor["id"] = mapping.get(actor["id"], actor["id"])
    data.update(_remap(data, mapping, None, ()))


RULES: tuple[Rule, ...] = (
    Rule("usynlige tegn", text=lambda text, ids: plain(text)),
    Rule("e-mailadresser", text=_emails),
    Rule("sagens id", text=_case_id_text, data=_case_id_data),
    Rule("fødselsdato", text=_birth_date),
    Rule("CPR-numre", text=_cpr),
    Rule("telefonnumre", text=_phones),
    Rule("adresse", text=_address),
    Rule("navne", text=_names_text, data=_names_data),
    Rule("kontaktoplysninger", data=_contact_data),
    Rule("aktørernes id", data=_actor_ids),
)
"""In order: e-mail addresses before names (a name inside an address goes with it), the case id
before numbers (it may hold digits), dates before phone numbers."""


def pseudonymise(case: Case, today: date, *, hide_professionals: bool = False, keep_case_id: bool = False) -> Case:
    """The same case with identities taken out (see the module documentation).

    ``keep_case_id`` is for the caseworker's own calendar, which must say which case an event is
    for; material for others never keeps it.
    """
    ids = case_identifiers(case, hide_professionals=hide_professionals)
    rules = [rule for rule in RULES if not (keep_case_id and rule.name == "sagens id")]
    hidden = {a.id for a in hidden_actors(case, hide_professionals=hide_professionals)}
    data = case.model_dump(by_alias=True)
    citizen = data["borger"]
    age = _age(case.borger.foedselsdato, today) if case.borger.foedselsdato else citizen["alder"]
    citizen["alder"] = age if age is not None and AGE_RANGE[0] <= age <= AGE_RANGE[1] else None

    def scrub(text: str) -> str:
        for rule in rules:
            if rule.text:
                text = rule.text(text, ids)
        return text

    data = _walk(data, scrub, (), hidden, hide_professionals)
    for rule in rules:
        if rule.data:
            rule.data(data, case, ids, hide_professionals)
    return Case.model_validate(data, context={"actor_ids": {a["id"] for a in data["aktører"]}})


# --- helpers -----------------------------------------------------------------------------------


def _replaced_by(ids: Identifiers, placeholder: str) -> list[Identifier]:
    return [i for i in ids.others if i.replacement == PLACEHOLDERS[placeholder]]


def _each(text: str, identifiers: list[Identifier]) -> str:
    for identifier in identifiers:
        text = identifier.pattern.sub(identifier.replacement, text)
    return text


def _digits(digits: str, *, phone: bool = False) -> re.Pattern[str]:
    prefix = r"(?:(?:\+|00)\s?45[\s.\-]?)?" if phone else ""
    return re.compile(rf"(?<![\d+]){prefix}{digits_pattern(digits)}(?!\d)")


def _role_word(role: str, private_names: list[str]) -> str:
    """The role without remarks in brackets, capitalised: 'pårørende (mor)' → 'Pårørende'; a role
    that holds a private name ('Mortens bror') becomes 'Person'."""
    word = role.split("(")[0].strip() or "Person"
    probe = Identifiers(names=[i for n in private_names for i in person_names(n, "", "")])
    if any(identifier is not None for _match, identifier in probe.name_spans(plain(word))):
        word = "Person"
    return word[:1].upper() + word[1:]


def _distinctive(case_id: str) -> bool:
    """Whether a case id can be told from ordinary text: 'fjordby-sofie' can, 't-1' or 'eksempel' cannot.

    The id itself is always replaced by its alias; only a distinctive one is also searched for in
    text (an id of letters only is a word, or a name, which the name rule finds).
    """
    return len(case_id) >= 4 and any(not c.isalpha() for c in case_id) and any(c.isalpha() for c in case_id)


def _birth_dates(case: Case) -> list[date]:
    """The birth date, or the dates the CPR number's first six digits can be (two centuries)."""
    if case.borger.foedselsdato:
        return [case.borger.foedselsdato]
    if not case.borger.cpr:
        return []
    day, month, year = (int(case.borger.cpr[i:i + 2]) for i in (0, 2, 4))
    found = []
    for century in (1900, 2000):
        try:
            found.append(date(century + year, month, day))
        except ValueError:
            pass
    return found


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _walk(value: Any, scrub: Callable[[str], str], path: tuple, hidden: set[str], hide: bool) -> Any:
    """Every free-text string under ``value`` scrubbed; ids, vocabulary and professionals' contact details kept."""
    key = next((p for p in reversed(path) if isinstance(p, str)), None)
    if key in _NOT_TEXT and not (key == "kilde" and "dokumentation" in path):
        if key != "deltagere" or not path or path[0] != "rehabiliteringsteam":
            return value
    if isinstance(value, dict):
        if path[:1] == ("aktører",) and len(path) == 2 and value.get("id") not in hidden:
            return {k: v if k in _CONTACT else _walk(v, scrub, (*path, k), hidden, hide) for k, v in value.items()}
        if path[:2] == ("rehabiliteringsteam", "deltagere") and not hide:
            return {k: v if k == "navn" else _walk(v, scrub, (*path, k), hidden, hide) for k, v in value.items()}
        return {k: _walk(v, scrub, (*path, k), hidden, hide) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(v, scrub, (*path, i), hidden, hide) for i, v in enumerate(value))
    if isinstance(value, str):
        return scrub(value)
    return value


def _remap(value: Any, mapping: dict[str, str], key: str | None, path: tuple) -> Any:
    if isinstance(value, dict):
        return {k: _remap(v, mapping, k, (*path, k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_remap(v, mapping, key, path) for v in value)
    if isinstance(value, str) and key in _REFERENCES and "dokumentation" not in path:
        return mapping.get(value, value)
    return value
