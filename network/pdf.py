"""The one PDF helper: HTML rendered by WeasyPrint with a URL fetcher that only
serves our own static files, and the images the caller made for this document (a QR
code): user content can never make it read a file or the network.

    render_pdf(template=..., context=..., language="es", images={"qr.png": png_bytes})
    # the template refers to it as {{ images.qr_png }} (GENERATED_BASE + "qr.png")"""

import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that resolves nowhere: relative references in the template land under it.
STATIC_BASE = "https://static.minga.invalid/"
# Images generated for one document (render_pdf's `images`), answered from memory.
GENERATED_BASE = "https://generated.minga.invalid/"
_IMAGE_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg"}


class ForbiddenFetch(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Answers only STATIC_BASE URLs, from the static files finders, and GENERATED_BASE
    URLs from the images given; refuses the rest."""

    def __init__(self, *args, images: dict[str, bytes] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.images = images or {}

    def fetch(self, url, headers=None):
        if url.startswith(GENERATED_BASE):
            name = url[len(GENERATED_BASE) :]
            if name not in self.images:
                raise ForbiddenFetch(f"no generated image {name[:80]!r}")
            content_type = _IMAGE_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
            return URLFetcherResponse(url, self.images[name], {"Content-Type": content_type})
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


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_html(
    *, template: str, context: dict, language: str, images: dict[str, bytes] | None = None
) -> str:
    """The document's HTML in `language` (what render_pdf lays out). `images`
    ({"qr.png": bytes}) are offered to the template as `images.<name with _ for .>`:
    URLs only this rendering answers."""
    urls = {name.replace(".", "_"): GENERATED_BASE + name for name in images or {}}
    with translation.override(language):
        return render_to_string(template, {**context, "images": urls})


def html_to_pdf(
    html: str, *, stylesheets: tuple[str, ...] = (), images: dict[str, bytes] | None = None
) -> RenderedPdf:
    """Lay out HTML (and extra CSS) as a PDF through the static-only fetcher; with its
    page count."""
    fetcher = StaticOnlyFetcher(images=images)
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).render(
        stylesheets=[
            CSS(string=css, base_url=STATIC_BASE, url_fetcher=fetcher) for css in stylesheets
        ]
    )
    return RenderedPdf(data=document.write_pdf(), pages=len(document.pages))


def render_pdf(
    *,
    template: str,
    context: dict,
    language: str,
    page_numbers: bool = False,
    images: dict[str, bytes] | None = None,
) -> bytes:
    """A template as a PDF in `language`; `page_numbers` prints "page 3 of 12" at the
    foot of every page, in that language."""
    html = render_html(template=template, context=context, language=language, images=images)
    extra = (page_numbers_stylesheet(language),) if page_numbers else ()
    return html_to_pdf(html, stylesheets=extra, images=images).data


def page_numbers_stylesheet(language: str) -> str:
    """CSS that prints "page N of M" in `language` at the bottom right of every page:
    WeasyPrint fills the page counters; the words are translated, escaped as CSS."""
    with translation.override(language):
        words = gettext("page {page} of {pages}")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", words):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + "".join(_css_char(char) for char in piece) + '"')
    content = " ".join(parts)
    return "@page { @bottom-right { content: " + content + "; font-size: 8pt; color: #5b6058; } }"


def _css_char(char: str) -> str:
    return char if char.isalnum() or char in " .,:;-" else f"\\{ord(char):x} "
