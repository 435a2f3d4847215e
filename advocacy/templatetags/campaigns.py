from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def campaign_text(campaign, field: str):
    """`{% campaign_text campaign "title" %}`: a campaign's text in the page's language.
    When it falls back to Spanish on a page in another language it is marked
    `lang="es"`, so screen readers and translators read it as Spanish. The body comes as
    paragraphs."""
    text, language = campaign.localized_text(field)
    page_language = (get_language() or settings.LANGUAGE_CODE)[:2]
    if field == "body":
        paragraphs = linebreaks_filter(text, autoescape=True)
        if language == page_language:
            return paragraphs
        return format_html('<div lang="{}">{}</div>', language, paragraphs)
    if language == page_language:
        return text  # escaped by the template
    return format_html('<span lang="{}">{}</span>', language, text)
