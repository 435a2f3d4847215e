"""What a standard file describes, ready to store (certification.services.standard)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class StandardFileError(Exception):
    """The file cannot be loaded; `errors` lists every mistake found."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class CriterionData:
    code: str
    section_code: str
    position: int
    text_es: str
    text_en: str
    criterion_class: str
    actor_types: list[str]
    checked_in_desk: bool
    mandatory_from_year: int | None
    from_member_register: bool

    def fields(self) -> dict:
        """The criterion's columns (its section apart)."""
        return {
            "position": self.position,
            "text_es": self.text_es,
            "text_en": self.text_en,
            "criterion_class": self.criterion_class,
            "actor_types": self.actor_types,
            "checked_in_desk": self.checked_in_desk,
            "mandatory_from_year": self.mandatory_from_year,
            "from_member_register": self.from_member_register,
        }


@dataclass
class SectionData:
    code: str
    position: int
    name_es: str
    name_en: str
    criteria: list[CriterionData] = field(default_factory=list)

    def fields(self) -> dict:
        return {"position": self.position, "name_es": self.name_es, "name_en": self.name_en}


@dataclass
class StandardFile:
    path: Path
    code: str
    label: str
    version_fields: dict
    sections: list[SectionData]

    @property
    def criteria(self) -> list[CriterionData]:
        return [criterion for section in self.sections for criterion in section.criteria]
