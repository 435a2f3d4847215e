"""Public pages stay light for rural connections: HTML + CSS + JS under 60 KB gzipped
(quality.md), counting every stylesheet and script the page loads from us."""

import gzip
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.network.test_public_translations import PUBLIC_ROUTES
from tests.test_permission_matrix import ROUTES, build_world

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="/static/([^"]+)"')


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_every_public_page_is_under_the_weight_budget(client, db):
    world = build_world()
    heavy = []
    for name in PUBLIC_ROUTES:
        url = reverse(name, kwargs=ROUTES[name].kwargs(world.objects))
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content
        assets = ASSET.findall(html.decode())
        assert assets, f"{url} loads no stylesheet: the regex no longer matches the layout"
        total = gzipped_size(html) + sum(
            gzipped_size(Path(finders.find(path)).read_bytes()) for path in assets
        )
        if total > BUDGET:
            heavy.append(f"{url}: {total / 1024:.1f} KB")
    assert heavy == []
