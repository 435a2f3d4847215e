"""The one PDF helper: HTML rendered by WeasyPrint with a URL fetcher that only
serves our own static files: user content can never make it read a file or the network."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that resolves nowhere: relative references in the template land under it.
STATIC_BASE = "https://static.minga.invalid/"


class ForbiddenFetch(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Answers only STATIC_BASE URLs, from the static files finders; refuses the rest."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE):
            raise ForbiddenFetch(f"refused to fetch {url[:80]!r}")
        relative = url[len(STATIC_BASE) :].split("?")[0]
        if not relative or ".." in relative.split("/"):
            raise ForbiddenFetch("refused a path outside the static files")
        path = finders.find(relative)
        if not path:
            raise ForbiddenFetch(f"no static file {relative!r}")
        content_type = "image/svg+xml" if relative.endswith(".svg") else "application/octet-stream"
        if relative.endswith(".css"):
            content_type = "text/css"
        with open(path, "rb") as handle:
            return URLFetcherResponse(url, handle.read(), {"Content-Type": content_type})


def render_pdf(*, template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
