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


STEPS: dict[int, Callable[[Any], list[str]]] = {1: _1_to_2}


def upgrade(data: Any) -> list[str]:
    """Bring parsed case data to the current format in place; returns what changed."""
    changes: list[str] = []
    version = data.get("schema_version")
    while isinstance(version, int) and version < SCHEMA_VERSION and version in STEPS:
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


def migrate_text(text: str) -> tuple[str, list[str]]:
    """The upgraded file text and the list of changes (empty when already current)."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    changes = upgrade(data)
    if not changes:
        return text, []
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), changes
