import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from opscenter.env import env_bool, env_int, env_list, env_secret, env_str
from tests.processes import ROOT


def test_it_reads_booleans_strictly(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG")


def test_it_names_the_variable_of_a_bad_integer(monkeypatch):
    monkeypatch.setenv("WORKERS", "two")
    with pytest.raises(ImproperlyConfigured, match="WORKERS='two' is not an integer"):
        env_int("WORKERS", 1)
    monkeypatch.setenv("WORKERS", "0")
    with pytest.raises(ImproperlyConfigured, match="below the minimum of 1"):
        env_int("WORKERS", 1, minimum=1)


def test_it_requires_a_value_without_default(monkeypatch):
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="NOT_SET_ANYWHERE must be set"):
        env_str("NOT_SET_ANYWHERE")
    assert env_list("NOT_SET_ANYWHERE", ["a"]) == ["a"]
    monkeypatch.setenv("HOSTS", " ops.example , ,api.example")
    assert env_list("HOSTS", []) == ["ops.example", "api.example"]


def test_it_reads_secrets_from_files(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.delenv("API_KEY", raising=False)
    monkeypatch.setenv("API_KEY_FILE", str(secret))
    assert env_secret("API_KEY") == "s3cret"
    monkeypatch.setenv("API_KEY", "also")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("API_KEY")
    monkeypatch.delenv("API_KEY")
    monkeypatch.setenv("API_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match=r"API_KEY_FILE=.* cannot be read"):
        env_secret("API_KEY")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _base_env() -> dict:
    import os

    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", **_base_env(), DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off" in result.stderr


def test_it_fails_at_start_on_a_bad_database_url():
    result = _manage("check", **_base_env(), DEBUG="1", DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL is not a database URL" in result.stderr


def test_the_documented_production_configuration_passes_check_deploy(tmp_path):
    """The README's production environment: `check --deploy` prints no warnings."""
    key = tmp_path / "secret_key"
    key.write_text("k" * 20 + "Q7#pX9@vL2!mR5$wT8&zB4^nY6*cF3(hJ1)dG0" + "s" * 10)
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **_base_env(),
        DEBUG="0",
        SECRET_KEY_FILE=str(key),
        ALLOWED_HOSTS="ops.example.mil",
        DATABASE_URL="postgres://opscenter@127.0.0.1:5432/opscenter",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
