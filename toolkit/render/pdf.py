"""PDF copies through LibreOffice, when it is installed.

Each conversion runs with its own user profile (LibreOffice refuses to run twice on one
profile), a time limit, and a check that the PDF really came out.

Every PDF is tagged (structure tree, headings, alternative text for pictures; the document
language comes from the template's default, da-DK) so a screen reader can read it. With
``archive`` it is PDF/A-2b, the archival form public records ask for. The options are
LibreOffice's PDF export filter options (``writer_pdf_Export``), given as JSON, which
LibreOffice reads from version 7.4: ``UseTaggedPDF``, ``SelectPdfVersion`` (2 = PDF/A-2b).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.exceptions import OutputProblem

TIMEOUT_SECONDS = 180
INSTALL_HINT = "installér LibreOffice, fx: apt-get install libreoffice-writer-nogui"


def libreoffice() -> str:
    """The LibreOffice binary, or a clear message naming the package to install."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise OutputProblem(f"--pdf kræver LibreOffice, som ikke er installeret; {INSTALL_HINT}")
    return binary


def export_filter(archive: bool = False) -> str:
    """The ``--convert-to`` argument: tagged PDF, and PDF/A-2b when ``archive``."""
    options = {"UseTaggedPDF": {"type": "boolean", "value": "true"},
               "ExportBookmarks": {"type": "boolean", "value": "true"},
               "UseLosslessCompression": {"type": "boolean", "value": "true"}}
    if archive:
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def docx_to_pdf(content: bytes, name: str, archive: bool = False) -> bytes:
    """The tagged PDF (PDF/A-2b when ``archive``) of one .docx given as bytes."""
    binary = libreoffice()
    with tempfile.TemporaryDirectory(prefix="forloeb-pdf-") as work:
        folder = Path(work)
        source = folder / f"{Path(name).stem}.docx"
        source.write_bytes(content)
        profile = (folder / "profil").as_uri()
        try:
            subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", export_filter(archive), "--outdir", str(folder), str(source)],
                           check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise OutputProblem(f"{name}: LibreOffice blev ikke færdig med PDF'en inden for "
                                f"{TIMEOUT_SECONDS} sekunder") from None
        except subprocess.CalledProcessError as exc:
            raise OutputProblem(f"{name}: LibreOffice kunne ikke lave PDF'en "
                                f"({exc.stderr.decode(errors='replace').strip()[:200]})") from None
        pdf = folder / f"{source.stem}.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0 or not pdf.read_bytes().startswith(b"%PDF"):
            raise OutputProblem(f"{name}: LibreOffice meldte ingen fejl, men der kom ingen PDF ud")
        return pdf.read_bytes()
