"""Production settings come from the environment and satisfy `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x7Qp2Lm9Zr4Vt8Wk3Nb6Hc1Jd5Fg0Sy",
    "DJANGO_ALLOWED_HOSTS": "skills.example.gov.cn",
}


def test_check_deploy_reports_nothing_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION)
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_seed_demo_refuses_when_debug_is_off():
    result = run_manage("seed_demo", **PRODUCTION)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_chinese_by_default_whatever_the_browser_says(client, db):
    response = client.get("/register/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "评价机构名录" in response.content.decode()


def test_english_when_chosen(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/register/"}, follow=True)
    text = response.content.decode()
    assert "Public register" in text
    assert "评价机构名录" not in text


def _mail_settings(**env: str) -> str:
    code = (
        "from django.conf import settings; m = settings.MAILERS['default']; "
        "print(m['BACKEND'].rsplit('.', 2)[-2], sorted(m.get('OPTIONS', {}).items()), settings.DEFAULT_FROM_EMAIL)"
    )
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_email_prints_to_the_console_in_development_and_uses_smtp_from_the_environment():
    assert _mail_settings().startswith("console [] ")
    smtp = _mail_settings(
        DJANGO_EMAIL_HOST="smtp.example.gov.cn",
        DJANGO_EMAIL_PORT="465",
        DJANGO_EMAIL_USER="notice",
        DJANGO_EMAIL_PASSWORD="secret",
        DJANGO_EMAIL_USE_TLS="false",
        DJANGO_DEFAULT_FROM_EMAIL="noreply@example.gov.cn",
    )
    assert smtp == (
        "smtp [('host', 'smtp.example.gov.cn'), ('password', 'secret'), ('port', 465), ('timeout', 30), "
        "('use_tls', False), ('username', 'notice')] noreply@example.gov.cn"
    )
    assert _mail_settings(**PRODUCTION).startswith("smtp [('host', 'localhost')")


def test_sqlite_connections_run_in_wal_mode_with_a_large_page_cache(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -65536  # KiB: 64 MB, the default is 2 MB
