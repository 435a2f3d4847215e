import os
import subprocess
import sys

from django.conf import settings


def production_env(**extra):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MINGA_"))
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7!q" + "k2#Lm9$Pz4@Rt8&Vw1*Yb6^Nd3%Hf5" * 2,
        DJANGO_ALLOWED_HOSTS="minga.example.org",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://minga@db.invalid/minga"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://redis.invalid:6379/0"),
        **extra,
    )
    return env


def test_it_passes_check_deploy_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_production_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
