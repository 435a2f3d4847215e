"""docker-compose.yml is checked as data: no Docker engine runs here."""

import importlib
import re
from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())


def test_it_defines_the_production_like_stack():
    assert set(COMPOSE["services"]) >= {"postgres", "redis", "web", "worker", "beat", "smtp"}
    assert COMPOSE["services"]["postgres"]["image"].startswith("postgres:16")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:7")
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in COMPOSE["services"][name], name
    assert set(COMPOSE["volumes"]) >= {"postgres-data", "media"}


def test_its_commands_name_things_that_exist():
    web = " ".join(COMPOSE["services"]["web"]["command"])
    assert "gunicorn" in web and "network.wsgi:application" in web
    importlib.import_module("network.wsgi")
    worker = " ".join(COMPOSE["services"]["worker"]["command"])
    assert "celery -A network worker" in worker
    assert "default,email" in worker
    reports = " ".join(COMPOSE["services"]["reports-worker"]["command"])
    assert "-Q reports" in reports and "--max-tasks-per-child" in reports
    beat = " ".join(COMPOSE["services"]["beat"]["command"])
    assert "celery -A network beat" in beat and "DatabaseScheduler" in beat


def test_every_variable_it_uses_is_documented():
    example = (Path(settings.BASE_DIR) / ".env.example").read_text()
    for service in COMPOSE["services"].values():
        for key in service.get("environment", {}) or {}:
            assert f"{key}=" in example, key


def test_every_setting_read_from_the_environment_is_documented():
    source = (Path(settings.BASE_DIR) / "network" / "settings.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', source))
    example = (Path(settings.BASE_DIR) / ".env.example").read_text()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert names, "the pattern no longer finds the settings' variables"
    assert sorted(n for n in names if f"\n{n}=" not in example) == []
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
