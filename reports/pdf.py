"""PDF output: HTML rendered by WeasyPrint, or an existing DOCX converted by LibreOffice.

Fonts: the templates ask for "Times New Roman", "Liberation Serif", "Noto Serif", which cover
Vietnamese; `make test`/deployment install fonts-liberation2 and fonts-noto-core.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def libreoffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """Convert with headless LibreOffice (also the test that a DOCX "opens cleanly")."""
    binary = libreoffice_binary()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        profile = Path(folder) / "profile"
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return (Path(folder) / "document.pdf").read_bytes()
