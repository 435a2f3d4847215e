"""The objections of an application on the pages that include their partials:
certification/review/_objections.html (who objected, for those who may read it) and
certification/applications/_objections_notice.html (how many, for the applicant)."""

from django import template

from certification import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def objections_for(context, application):
    """The objections, or None when the person reading the page may not see who made
    them (the partial then shows only how many there are)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not selectors.may_read_objections(user, application):
        return None
    return list(selectors.application_objections(application))


@register.simple_tag
def objection_count(application) -> int:
    return selectors.objection_count(application)
