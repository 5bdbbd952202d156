"""PDF copies through LibreOffice, when it is installed.

Each conversion runs with its own user profile (LibreOffice refuses to run twice on one
profile), a time limit, and a check that the PDF really came out.
"""

from __future__ import annotations

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


TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
"""LibreOffice's PDF export with structure tags (headings, lists, reading order) for screen readers."""


def docx_to_pdf(content: bytes, name: str, *, tagged: bool = False) -> bytes:
    """The PDF of one .docx given as bytes; ``tagged`` for an accessible PDF with structure tags."""
    binary = libreoffice()
    with tempfile.TemporaryDirectory(prefix="forloeb-pdf-") as work:
        folder = Path(work)
        source = folder / f"{Path(name).stem}.docx"
        source.write_bytes(content)
        profile = (folder / "profil").as_uri()
        try:
            subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", TAGGED if tagged else "pdf", "--outdir", str(folder), str(source)],
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
