"""The embedded SQLite database queues concurrent writers instead of failing with "database is
locked", and immediate transactions keep read-modify-write cycles from losing updates."""

import os
import subprocess
import sys

WRITER = """
import os, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "qamqor.settings"
django.setup()
from django.db import connection, transaction
for _ in range(int(os.environ["ROUNDS"])):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            n = cursor.fetchone()[0]
            time.sleep(0.002)  # widen the window between read and write
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
"""


def test_concurrent_writers_queue_and_lose_nothing(tmp_path):
    import sqlite3

    database = tmp_path / "qamqor.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE counter (n INTEGER)")
        setup.execute("INSERT INTO counter VALUES (0)")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "a-random-enough-secret-key-for-this-test-0123456789",
        "QAMQOR_DATA_DIR": str(tmp_path),
        "ROUNDS": "25",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    failures = [writer.communicate(timeout=120)[1] for writer in writers if writer.wait() != 0]

    assert failures == []
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT n FROM counter").fetchone()[0] == 100
