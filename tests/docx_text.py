"""Read a generated .docx back as a person would see it: paragraphs, table rows, header, footer."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
        parts.append(node.text or "" if node.tag == f"{W}t" else ("\t" if node.tag == f"{W}tab" else "\n"))
    return "".join(parts)


def part_paragraphs(docx: Path, pattern: str = r"word/document\.xml") -> list[str]:
    """Every paragraph's text in the parts whose names match ``pattern``, in order."""
    with zipfile.ZipFile(docx) as package:
        names = sorted(n for n in package.namelist() if re.fullmatch(pattern, n))
        paragraphs = []
        for name in names:
            root = etree.fromstring(package.read(name))
            paragraphs.extend(_paragraph_text(p) for p in root.iter(f"{W}p"))
        return paragraphs


def body_text(docx: Path) -> str:
    return "\n".join(part_paragraphs(docx))


def header_text(docx: Path) -> str:
    return "\n".join(part_paragraphs(docx, r"word/header\d*\.xml"))


def footer_text(docx: Path) -> str:
    return "\n".join(part_paragraphs(docx, r"word/footer\d*\.xml"))


def all_text(docx: Path) -> str:
    """Body, headers, footers, footnotes and document properties together."""
    with zipfile.ZipFile(docx) as package:
        core = package.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in package.namelist() else ""
    return "\n".join([body_text(docx), header_text(docx), footer_text(docx),
                      "\n".join(part_paragraphs(docx, r"word/(footnotes|endnotes)\.xml")), core])


def table_rows(docx: Path) -> list[list[str]]:
    """Each table row of the body as a list of cell texts (cell paragraphs joined by newlines)."""
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    rows = []
    for row in root.iter(f"{W}tr"):
        rows.append(["\n".join(_paragraph_text(p) for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")])
    return rows
