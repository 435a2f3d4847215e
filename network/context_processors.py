from django.conf import settings

from network.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": items_for(user) if user is not None else [],
        "site_languages": settings.LANGUAGES,
        "site_url": settings.SITE_URL,
    }
