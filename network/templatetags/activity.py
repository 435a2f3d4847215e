from django import template

from network.activity import described_changes, verb_label

register = template.Library()


@register.filter
def activity_verb(verb: str) -> str:
    """What a log entry's verb says, in the reader's language."""
    return verb_label(verb)


@register.filter
def activity_changes(entry) -> list[dict]:
    """An entry's changes with field labels and readable values."""
    return described_changes(entry)
