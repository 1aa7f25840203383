import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import env_bool, env_int, env_secret

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k" * 10 + "a-long-random-production-secret-key-for-the-check-0123456789",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/partnerhub",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "prevent.example.org",
    "SITE_URL": "https://prevent.example.org",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key_and_names_the_variable():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(PRODUCTION_ENV["SECRET_KEY"] + "\n")
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**env, "SECRET_KEY_FILE": str(key_file)},
    )

    assert result.returncode == 0, result.stderr


def test_production_refuses_sqlite():
    result = manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.db"})

    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_env_helpers_reject_nonsense_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    monkeypatch.setenv("SOME_NUMBER", "ten")

    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 3)


def test_env_secret_prefers_the_file(monkeypatch, tmp_path):
    (tmp_path / "token").write_text("from-file\n")
    monkeypatch.setenv("API_TOKEN", "from-env")
    monkeypatch.setenv("API_TOKEN_FILE", str(tmp_path / "token"))

    assert env_secret("API_TOKEN") == "from-file"


def test_production_refuses_an_esp_backend_without_a_webhook_secret_and_names_it():
    esp = {**PRODUCTION_ENV, "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend"}

    refused = manage("check", env=esp)
    accepted = manage("check", env={**esp, "ANYMAIL_WEBHOOK_SECRET": "hooks:a-long-password"})

    assert refused.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET is not set" in refused.stderr
    assert accepted.returncode == 0, accepted.stderr


def test_production_reads_the_webhook_secret_from_a_file(tmp_path):
    secret_file = tmp_path / "webhook"
    secret_file.write_text("hooks:a-long-password\n")
    env = {
        **PRODUCTION_ENV,
        "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
        "ANYMAIL_WEBHOOK_SECRET_FILE": str(secret_file),
    }

    result = manage("check", "--deploy", "--fail-level", "ERROR", env=env)

    assert result.returncode == 0, result.stderr
