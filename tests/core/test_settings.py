"""Start-up reads its settings from the environment and refuses unsafe or unreadable values."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "a-random-enough-secret-key-for-this-test-0123456789"


def _start(tmp_path, **env):
    """Import the real settings in a fresh interpreter with exactly these variables."""
    clean = {key: value for key, value in os.environ.items() if key not in _VARIABLES}
    clean.update({"QAMQOR_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'qamqor.settings'; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
        ],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "DEFAULT_LANGUAGE",
    "SESSION_IDLE_MINUTES",
    "DJANGO_SETTINGS_MODULE",
}


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = _start(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key",
    ["django-insecure-qamqor-development-only", "django-insecure-" + "x" * 40, "short", "a" * 50],
    ids=["the development default", "an insecure-prefixed key", "a short key", "one letter"],
)
def test_it_refuses_a_default_or_weak_secret_key_when_debug_is_off(tmp_path, key):
    result = _start(tmp_path, DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_with_a_real_secret_key(tmp_path):
    result = _start(tmp_path, DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.sqlite3"]


def test_it_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY)
    result = _start(tmp_path, SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def test_it_starts_without_a_secret_key_in_debug_mode(tmp_path):
    result = _start(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("SESSION_IDLE_MINUTES", "soon", "SESSION_IDLE_MINUTES must be a whole number"),
        ("SESSION_IDLE_MINUTES", "0", "SESSION_IDLE_MINUTES must be at least 1"),
        ("DEFAULT_LANGUAGE", "de", "DEFAULT_LANGUAGE must be one of: kk, ru, en"),
        ("DATABASE_URL", "mysql://localhost/qamqor", "DATABASE_URL must point to SQLite or"),
        ("DATABASE_URL", "nonsense://", "DATABASE_URL"),
    ],
)
def test_it_fails_loudly_on_a_value_it_cannot_read(tmp_path, variable, value, message):
    result = _start(tmp_path, SECRET_KEY=GOOD_KEY, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_embedded_default_is_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='qamqor.settings'; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    env = {key: value for key, value in os.environ.items() if key not in _VARIABLES}
    env.update({"QAMQOR_DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": GOOD_KEY})
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]
    assert (tmp_path / "data" / "qamqor.sqlite3").exists()
