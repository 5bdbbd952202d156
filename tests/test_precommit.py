"""The pre-commit hooks offered to repositories of case files run real commands on the right files."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT

HOOKS = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))


def test_hooks_are_well_formed():
    assert [h["id"] for h in HOOKS] == ["forloeb-validate", "forloeb-check"]
    for hook in HOOKS:
        assert hook["language"] == "python" and hook["entry"].split()[0] == "forloeb"
        assert {"id", "name", "entry", "language", "files"} <= set(hook)


def test_hooks_select_case_files_and_skip_the_tooling_yaml():
    for hook in HOOKS:
        selected = lambda path: re.search(hook["files"], path) and not re.search(hook["exclude"], path)  # noqa: E731
        assert selected("sager/aarhus-morten.yaml") and selected("b.yml")
        assert not selected(".pre-commit-config.yaml") and not selected(".github/workflows/ci.yaml")
        assert not selected("noter.md")


def test_hook_entries_run_as_pre_commit_runs_them():
    """pre-commit appends the staged file names to the entry."""
    for hook in HOOKS:
        command = shlex.split(hook["entry"])
        result = subprocess.run([sys.executable, "-m", "toolkit", *command[1:], *map(str, EXAMPLES)],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode in (0, 1), result.stderr  # check exits 1 when a rule is broken today
        assert "Traceback" not in result.stderr
