from django import template

from certification.models import CriterionClass
from producers.models import ActorType

register = template.Library()

# The badge colours of includes/status_badge.html, by what non-compliance means.
_BADGES = {
    CriterionClass.CRITICAL: "danger",
    CriterionClass.MINIMUM: "pending",
    CriterionClass.IMPROVEMENT: "ok",
}
_ACTOR_TYPES = dict(ActorType.choices)


@register.filter
def class_badge(criterion_class: str) -> str:
    return _BADGES.get(criterion_class, "plain")


@register.filter
def actor_type_labels(values) -> str:
    return ", ".join(str(_ACTOR_TYPES.get(value, value)) for value in values or [])
