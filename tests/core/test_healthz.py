import json
import os
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_it_reports_ok_with_the_database_engine_and_version(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}
    assert body["version"] == settings.VERSION
    assert "no-cache" in response["Cache-Control"]


_SCRIPT = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "qamqor.settings"
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status_code": response.status_code, "body": response.json()}))
"""


@pytest.mark.parametrize(
    ("database_url", "engine"),
    [
        ("postgres://nobody@127.0.0.1:1/qamqor", "postgresql"),
        ("sqlite:////nonexistent-folder/qamqor.sqlite3", "sqlite"),
    ],
    ids=["postgresql not listening", "sqlite file that cannot be opened"],
)
def test_it_answers_503_when_the_database_is_unreachable(tmp_path, database_url, engine):
    env = {**os.environ, "DATABASE_URL": database_url, "QAMQOR_DATA_DIR": str(tmp_path)}
    env["SECRET_KEY"] = "a-random-enough-secret-key-for-this-test-0123456789"
    env["ALLOWED_HOSTS"] = "testserver"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status_code"] == 503
    assert answer["body"]["status"] == "error"
    assert answer["body"]["database"] == engine
