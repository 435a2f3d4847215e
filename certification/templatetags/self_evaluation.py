"""The self-evaluation on the application's pages: every answer, read-only, by section,
on the certification body's review page (certification/review/_self_evaluation.html);
how far it is on the cooperative's (certification/applications/_self_evaluation.html)."""

from dataclasses import dataclass, field

from django import template

from certification import selectors
from certification.models import Section

register = template.Library()


@dataclass
class SheetSection:
    section: Section
    rows: list = field(default_factory=list)  # (criterion, answer or None)
    answered: int = 0


@dataclass
class Sheet:
    progress: selectors.Progress
    sections: list


@register.simple_tag
def self_evaluation_sheet(application):
    """The answers by section (five queries), or None before the self-evaluation opens."""
    if application.status not in selectors.SELF_EVALUATION_STATUSES:
        return None
    criteria = list(selectors.self_evaluation_criteria(application))
    answers = selectors.self_evaluation_answers(application)
    sections: dict[int, SheetSection] = {}
    for criterion in criteria:
        row = sections.setdefault(criterion.section_id, SheetSection(criterion.section))
        answer = answers.get(criterion.pk)
        row.rows.append((criterion, answer))
        row.answered += bool(answer and answer.verdict)
    return Sheet(selectors.self_evaluation_progress(application), list(sections.values()))


@register.simple_tag
def self_evaluation_progress(application):
    """How far the self-evaluation is (two queries), or None before it opens."""
    if application.status not in selectors.SELF_EVALUATION_STATUSES:
        return None
    return selectors.self_evaluation_progress(application)
