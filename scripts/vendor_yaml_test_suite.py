"""Gather the official YAML test suite's inputs into one file for ``tests/test_yaml_suite.py``.

The suite (https://github.com/yaml/yaml-test-suite, MIT licence) keeps each case in a
folder of its ``data`` branch: ``in.yaml`` (the input), ``===`` (its name) and ``error``
when the input is invalid YAML. The tests need only those, so they are kept as one JSON
file with the suite's licence beside it:

    git clone --branch data https://github.com/yaml/yaml-test-suite suite-data
    git clone https://github.com/yaml/yaml-test-suite suite    # for the licence file
    python scripts/vendor_yaml_test_suite.py suite-data suite/License
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "tests" / "yaml_test_suite"


def cases(data: Path) -> list[dict[str, object]]:
    found = []
    for folder in sorted(p.parent for p in data.rglob("in.yaml")):
        name = (folder / "===").read_text("utf-8").strip() if (folder / "===").is_file() else ""
        found.append({"id": folder.relative_to(data).as_posix(), "name": name,
                      "yaml": (folder / "in.yaml").read_bytes().decode("utf-8"),
                      "error": (folder / "error").exists()})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a checkout of the suite's data branch")
    parser.add_argument("licence", type=Path, help="the suite's License file")
    parser.add_argument("--commit", default="", help="the data branch's commit, recorded with the cases")
    args = parser.parse_args()
    TARGET.mkdir(parents=True, exist_ok=True)
    found = cases(args.data)
    content = {"source": "https://github.com/yaml/yaml-test-suite (branch data)", "commit": args.commit,
               "cases": found}
    (TARGET / "cases.json").write_text(json.dumps(content, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    shutil.copyfile(args.licence, TARGET / "LICENSE")
    print(f"{len(found)} cases written to {TARGET / 'cases.json'}")


if __name__ == "__main__":
    main()
