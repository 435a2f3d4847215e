from django import template

from producers.activity import verb_label

register = template.Library()


@register.filter
def activity_verb(verb: str) -> str:
    return verb_label(verb)


@register.filter
def change_value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@register.filter
def has(capabilities, name: str) -> bool:
    return name in {str(capability) for capability in capabilities}
