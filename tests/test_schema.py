"""The JSON Schema for editors: current, draft-07 valid, and accepting every example."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT
from toolkit.casefile.source import decode, parse
from toolkit.commands.init import starter_text
from toolkit.schema import case_json_schema

COMMITTED = ROOT / "schemas" / "case.schema.json"


def test_committed_schema_is_current():
    assert json.loads(COMMITTED.read_text("utf-8")) == case_json_schema(), (
        "schemas/case.schema.json is stale: run 'forloeb schema -o schemas/case.schema.json'")


def test_schema_is_valid_draft_07():
    schema = case_json_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema) and "prefixItems" not in json.dumps(schema)


def test_fields_carry_danish_descriptions():
    schema = case_json_schema()
    assert schema["properties"]["sag"]["description"] == "Sagen og forløbet."
    assert "borgerens egne ord" in schema["definitions"]["ForberedendeDel"]["properties"]["egne_mål"]["description"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_point_editors_at_the_schema_and_validate_against_it(path):
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/case.schema.json"
    jsonschema.Draft7Validator(case_json_schema()).validate(parse(decode(text.encode())).data)


def test_starter_file_validates_against_the_schema():
    jsonschema.Draft7Validator(case_json_schema()).validate(parse(starter_text()).data)


def test_schema_rejects_unknown_keys_like_the_loader():
    errors = list(jsonschema.Draft7Validator(case_json_schema()).iter_errors(
        {"schema_version": 3, "sag": {"id": "a", "kommune": "k", "kommmune": "k"}, "borger": {"navn": "n"}}))
    assert any("kommmune" in e.message for e in errors)
