"""Reading a version of the standard from its YAML file (certification/standards/).

The file is the source of a version: its sections and criteria, texts in Spanish and
English, and the version's rules. A file may be written as changes to an earlier one
(`based_on`: every section and criterion of that file, then these changes and `removed`
codes), but what it describes, and what is stored, is always the whole version.
Every mistake is reported at once, each naming the file, the line and the criterion, so
whoever edits the file can fix them all in one go. Nothing here touches the database:
certification.services.standard stores what this reads."""

from __future__ import annotations

from pathlib import Path

from certification.standard_file.checks import Checker
from certification.standard_file.data import (
    CriterionData,
    SectionData,
    StandardFile,
    StandardFileError,
)
from certification.standard_file.documents import document

STANDARDS_DIR = Path(__file__).resolve().parent.parent / "standards"
__all__ = [
    "STANDARDS_DIR",
    "CriterionData",
    "SectionData",
    "StandardFile",
    "StandardFileError",
    "read_standard",
    "resolve",
]


def resolve(name: str | Path) -> Path:
    """A path as given, else a file of certification/standards/ by name."""
    path = Path(name)
    if not path.exists() and (STANDARDS_DIR / path.name).exists():
        return STANDARDS_DIR / path.name
    return path


def read_standard(name: str | Path) -> StandardFile:
    """Read and check a standard file; raises StandardFileError listing every mistake."""
    path = resolve(name)
    errors: list[str] = []
    found = document(path, errors)
    if errors:
        raise StandardFileError(errors)
    standard = Checker(errors).standard(path, found)
    if errors:
        raise StandardFileError(errors)
    return standard
