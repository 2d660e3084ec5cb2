"""The registry export for exchange with other systems: bodies.csv, scope.csv and examiners.csv, written
by `export_registry` into a folder or, as a job, into one zip."""

import zipfile
from pathlib import Path

import pandas as pd

from common import tables
from examiners.exports import examiners_frame
from registry.exports import bodies_frame, scope_frame
from registry.selectors import public_register


def registry_frames(*, mask_ids: bool) -> dict[str, pd.DataFrame]:
    """The three files' tables: what the public register lists unfiltered, and the certified examiners."""
    bodies = public_register()
    return {
        "bodies.csv": bodies_frame(bodies),
        "scope.csv": scope_frame(bodies),
        "examiners.csv": examiners_frame(full_ids=not mask_ids),
    }


def write_zip(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    """The files, as export_registry writes them (plain UTF-8, no BOM), in one zip."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(name, tables.csv_bytes(frame, bom=False))
