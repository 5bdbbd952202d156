"""The JSON Schema of the case file, for editors (yaml-language-server) and integrations.

Generated from the model so it cannot drift; written in draft-07 form because that is
what yaml-language-server and most editors understand best.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from toolkit.model import Case

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class _Draft07(GenerateJsonSchema):
    """Pydantic writes draft 2020-12; this rewrites the few parts draft-07 lacks."""

    def field_title_should_be_set(self, schema) -> bool:
        return False  # titles would be the ASCII Python names; descriptions say it in Danish

    def generate(self, schema, mode="validation"):
        result = _to_draft_07(super().generate(schema, mode=mode))
        if "$defs" in result:
            result["definitions"] = result.pop("$defs")
        return {"$schema": DRAFT_07, **result}


def _to_draft_07(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _to_draft_07(value) for key, value in node.items()}
        if "prefixItems" in node:
            node["items"] = node.pop("prefixItems")
            node["additionalItems"] = False
        return node
    if isinstance(node, list):
        return [_to_draft_07(item) for item in node]
    return node


def case_json_schema() -> dict[str, Any]:
    return Case.model_json_schema(by_alias=True, ref_template="#/definitions/{model}", schema_generator=_Draft07)


def case_json_schema_text() -> str:
    return json.dumps(case_json_schema(), ensure_ascii=False, indent=2) + "\n"


def settings_json_schema_text() -> str:
    """The schema of the municipal settings file (``forloeb-indstillinger.yaml``)."""
    from toolkit.settings import settings_json_schema

    return json.dumps(settings_json_schema(), ensure_ascii=False, indent=2) + "\n"
