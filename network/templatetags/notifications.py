"""The header's unread count (templates/includes/user_menu.html): counted only where the
header shows it, for people signed in, with one query on a partial index."""

from django import template

from network.selectors import notifications_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_unread(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return notifications_unread_count(user) if user is not None else 0
