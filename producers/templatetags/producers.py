from django import template

register = template.Library()


@register.filter
def has(capabilities, name: str) -> bool:
    return name in {str(capability) for capability in capabilities}
