"""Upgrading case files from older formats, keeping comments, key order and quoting.

Each step takes the parsed file (a ruamel.yaml round-trip mapping, or plain data for
in-memory upgrades such as comparing with an old git revision) from format ``n`` to
``n + 1`` and returns a list of what it changed, in Danish.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML

from toolkit.model import SCHEMA_VERSION

# Keywords in an effort's title or legal basis, most specific first.
CATEGORY_HINTS: tuple[tuple[str, str], ...] = (
    (r"virksomhedskonsulent", "virksomhedskonsulent"),
    (r"mentor|§\s*16[7-9]|§\s*17[01]", "mentor"),
    (r"misbrug|§\s*101", "misbrugsbehandling"),
    (r"alkohol|§\s*141", "alkoholbehandling"),
    (r"psykolog", "psykologisk behandling"),
    (r"psykiat", "psykiatrisk behandling"),
    (r"bostøtte|§\s*85\b", "bostøtte"),
    (r"praktik|§\s*61|kap\.\s*11", "virksomhedspraktik"),
    (r"arbejdsevne", "arbejdsevneafklaring"),
    (r"samtale|kontaktforløb", "samtaler"),
    (r"forening|klub|frivillig", "civilsamfund"),
    (r"træning|kost|rygestop|motion|sundhed|fysioterap", "sundhedstilbud"),
    (r"uddannelse|kursus|højskole|skole", "uddannelse"),
    (r"læge", "lægelig behandling"),
)
GUESS_COMMENT = "gættet af forloeb migrér; ret den, hvis den er forkert"


def guess_category(effort: dict[str, Any]) -> str:
    """The effort kind suggested by its title and legal basis (``andet`` when nothing fits).

    >>> guess_category({"titel": "Samtaler med virksomhedskonsulent", "lovgrundlag": "LAB"})
    'virksomhedskonsulent'
    >>> guess_category({"titel": "Bostøtte", "lovgrundlag": "SEL § 85"})
    'bostøtte'
    """
    text = f"{effort.get('titel', '')} {effort.get('lovgrundlag', '')}".lower()
    return next((kind for pattern, kind in CATEGORY_HINTS if re.search(pattern, text)), "andet")


def _1_to_2(data: Any) -> list[str]:
    """Format 2 requires ``kategori`` on every effort: guess it from title and legal basis."""
    changes = []
    for index, effort in enumerate(data.get("indsatser") or []):
        if not isinstance(effort, dict) or "kategori" in effort:
            continue
        kind = guess_category(effort)
        position = list(effort).index("type") + 1 if "type" in effort else len(effort)
        if hasattr(effort, "insert"):
            effort.insert(position, "kategori", kind, comment=GUESS_COMMENT)
        else:
            effort["kategori"] = kind
        changes.append(f"indsatser[{index}].kategori: {kind} (gættet ud fra {effort.get('titel', 'titlen')!r})")
    return changes


# Words in a format-2 ``privat`` actor's role, organisation or core task that mark a company
# (an employer, a work-trial place) rather than a private person.
COMPANY_HINTS = (
    r"arbejdsgiver|praktik|virksomhed|firma|butik|værksted|mester|leder|chef|ejer|indehaver|kollega"
    r"|ansættelse|ansat|job|løntilskud|fleksjob|kontaktperson på|\b(?:a/s|aps|i/s|ivs|p/s)\b|& søn"
)


def guess_private_sector(actor: dict[str, Any]) -> tuple[str, bool]:
    """``virksomhed`` or ``privatperson`` for a format-2 actor in sector ``privat``, and whether it is a guess.

    A CVR number settles it; otherwise words in role, organisation and core task suggest a
    company, and anything else is taken as a private person (hiding a name wrongly is the
    safer mistake).

    >>> guess_private_sector({"rolle": "praktikvært", "organisation": "Genbrugsbutikken"})
    ('virksomhed', True)
    >>> guess_private_sector({"rolle": "ven"})
    ('privatperson', True)
    >>> guess_private_sector({"rolle": "kontakt", "cvr": "12345678"})
    ('virksomhed', False)
    """
    if actor.get("cvr"):
        return "virksomhed", False
    text = " ".join(str(actor.get(key) or "") for key in ("rolle", "organisation", "kerneopgave")).lower()
    return ("virksomhed" if re.search(COMPANY_HINTS, text) else "privatperson"), True


def _2_to_3(data: Any) -> list[str]:
    """Format 3 splits sector ``privat`` into ``virksomhed`` (professional) and ``privatperson``."""
    changes = []
    for index, actor in enumerate(data.get("aktører") or []):
        if not isinstance(actor, dict) or actor.get("sektor") != "privat":
            continue
        sector, guessed = guess_private_sector(actor)
        actor["sektor"] = sector
        if guessed:
            _mark_guess(actor, "sektor")
        how = f"gættet ud fra {actor.get('rolle', 'rollen')!r}" if guessed else "ud fra CVR-nummeret"
        changes.append(f"aktører[{index}].sektor: privat → {sector} ({how})")
    return changes


def _mark_guess(mapping: Any, key: str) -> None:
    """Put the guess comment after ``key``'s value, keeping a comment already on that line.

    A mapping written on one line (``{id: x, sektor: privat}``) gets no comment: inside the braces
    it would push the closing brace onto a line of its own. The change list still says it was guessed.
    """
    if not hasattr(mapping, "yaml_add_eol_comment") or mapping.fa.flow_style():
        return
    tokens = mapping.ca.items.get(key)
    token = tokens[2] if tokens and len(tokens) > 2 else None
    if token is None:
        mapping.yaml_add_eol_comment(GUESS_COMMENT, key)
        return
    first, newline, rest = token.value.partition("\n")
    if first.strip().startswith("#"):
        token.value = f"{first.rstrip()}; {GUESS_COMMENT}{newline}{rest}"
    else:  # the token holds only the comment lines that follow
        token.value = f"  # {GUESS_COMMENT}\n{rest}"


STEPS: dict[int, Callable[[Any], list[str]]] = {1: _1_to_2, 2: _2_to_3}


def upgrade(data: Any, to: int = SCHEMA_VERSION) -> list[str]:
    """Bring parsed case data to format ``to`` (the current one) in place; returns what changed."""
    changes: list[str] = []
    version = data.get("schema_version")
    while isinstance(version, int) and not isinstance(version, bool) and version < to and version in STEPS:
        changes += STEPS[version](data)
        version += 1
        data["schema_version"] = version
        changes.append(f"schema_version: {version}")
    return changes


def round_trip_yaml() -> YAML:
    """The YAML settings that rewrite a case file with the least change to its text."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def migrate_text(text: str, to: int = SCHEMA_VERSION) -> tuple[str, list[str]]:
    """The upgraded file text and the list of changes (empty when already current)."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    changes = upgrade(data, to)
    if not changes:
        return text, []
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), changes
