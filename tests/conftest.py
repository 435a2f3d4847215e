"""Shared fixtures: real PostgreSQL (pytest-django), and, for integration tests, a real
SMTP server (aiosmtpd), a real Celery worker process and a real browser (Chromium)."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run beside one unless told the test knows what it is doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures.services", "tests.fixtures.personas"]


def pytest_configure(config):
    """Plain `pytest` works too: start the embedded PostgreSQL and Redis if needed (they
    keep running afterwards; `make services-stop` stops them, `make test` does it itself)."""
    from network import embedded

    embedded.ensure()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached pages never leak from one test into the next."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """A request in another language (a cookie, Accept-Language) leaves that language
    active in the thread: the next test starts in Spanish again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
