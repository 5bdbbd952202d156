"""Analyse stage: pure functions over the case model (network metrics, follow-up, changes).

``analyse_network`` and ``build_network`` load networkx only when first used, so modules that
need none of it (the follow-up plan behind every indsatsplan) stay light to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {"analyse_network": "toolkit.analyse.collaboration", "build_network": "toolkit.analyse.network",
         "network_as_of": "toolkit.analyse.collaboration"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_LAZY)
