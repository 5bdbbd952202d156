"""Every shipped template is what its script makes: ``python scripts/make_templates.py`` changes nothing."""

from __future__ import annotations

import importlib
import sys

import pytest

from conftest import ROOT

BUILDERS = [("make_templates", "indsatsplan"), ("make_templates", "rehabiliteringsplan"),
            ("make_templates", "supervision"), ("templates_aendringer", "aendringer"),
            ("templates_moedebrev", "moedebrev"), ("templates_beskrivelse", "beskrivelse")]


@pytest.mark.parametrize(("module", "builder"), BUILDERS, ids=[b for _, b in BUILDERS])
def test_template_is_reproducible_from_the_script(module, builder, tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        make_templates = importlib.import_module("make_templates")
        script = importlib.import_module(module)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    monkeypatch.setattr(make_templates, "ROOT", tmp_path)
    built = getattr(script, builder)()
    assert built.parent == tmp_path / "templates"
    assert built.read_bytes() == (ROOT / "templates" / built.name).read_bytes(), (
        f"templates/{built.name} is stale: run 'python scripts/make_templates.py'")


def test_every_shipped_template_has_a_builder():
    assert {f"{b}.docx" for _, b in BUILDERS} == {p.name for p in (ROOT / "templates").glob("*.docx")}
