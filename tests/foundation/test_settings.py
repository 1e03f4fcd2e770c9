import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

ROOT = settings.BASE_DIR


def _env(**extra) -> dict:
    # The test process allows async-unsafe calls for live_server; a deployment must not (async.E001).
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | extra


PROD_ENV = {"SECRET_KEY": "x" * 64 + "-production-secret-for-tests", "ALLOWED_HOSTS": "inning.example.nl"}


@pytest.mark.parametrize("module", ["local", "test", "production"])
def test_every_settings_module_loads(module):
    env = _env(DJANGO_SETTINGS_MODULE=f"nlai.settings.{module}", **PROD_ENV)
    code = "import django; django.setup(); from django.conf import settings; print(settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["Europe/Amsterdam", "nl"]


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in _env().items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="nlai.settings.production", ALLOWED_HOSTS="inning.example.nl")
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


def test_check_deploy_is_clean_under_production_settings():
    env = _env(DJANGO_SETTINGS_MODULE="nlai.settings.production", **PROD_ENV)
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_content_security_policy_forbids_inline_code(client):
    response = client.get("/account/inloggen/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def _laad_production(**extra) -> subprocess.CompletedProcess:
    env = _env(DJANGO_SETTINGS_MODULE="nlai.settings.production", **PROD_ENV, **extra)
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_throttles_count_in_the_shared_redis_cache():
    """Issue 12 item 9: one cache for every web process, or each process counts its own limit."""
    env = {k: v for k, v in _env().items() if k != "CACHE_URL"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "nlai.settings.production", **PROD_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_production_refuses_a_per_process_cache():
    out = _laad_production(CACHE_URL="locmemcache://")
    assert out.returncode != 0
    assert "CACHE_URL must point to a shared cache" in out.stderr


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_postgresql_connections_run_without_jit():
    """JIT compiling cost the work queue 27 ms per request at 100,000 dossiers (issue 18); the app's
    connections switch it off."""
    with connection.cursor() as cur:
        cur.execute("SHOW jit")
        assert cur.fetchone()[0] == "off"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the connection settings are PostgreSQL's")
def test_postgresql_connections_are_kept_and_checked_before_reuse():
    """A connection per request cost PostgreSQL more CPU than the queries at 200 users (make loadtest)."""
    assert connection.settings_dict["CONN_MAX_AGE"] == 60
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
