"""Files opened by LibreOffice itself, as the office that receives them would: `convert` has it
open a file headless and save it in another format. LibreOffice refuses a file it cannot load
(no output), and a file it had to repair loses what it could not read."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def convert(source: Path, target: str) -> Path:
    """Convert `source` with LibreOffice (`target` as `--convert-to` takes it, e.g. "pdf"),
    with a profile of its own so that runs side by side do not share one; the converted file."""
    soffice = shutil.which("soffice")
    assert soffice, (
        "LibreOffice is needed: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui"
    )
    out = source.parent / "converted"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{source.parent / 'libreoffice-profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    converted = out / f"{source.stem}.{target.split(':')[0]}"
    assert converted.exists(), result.stdout + result.stderr
    return converted
