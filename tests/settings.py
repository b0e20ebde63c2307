"""Test settings: the real settings, with a throwaway secret and plain static storage (the
hashed-name manifest exists only after collectstatic)."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-" * 12)
os.environ.setdefault("DEFAULT_LANGUAGE", "en")

from qamqor.settings import *  # noqa: E402, F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# On PostgreSQL the suite runs as the owner; migrating the test database grants this role
# the app's rights (created by tests/conftest.py if missing) for the privilege tests.
DATABASE_APP_ROLE = DATABASE_APP_ROLE or "qamqor_app_test"  # noqa: F405

# Demo passwords and other data-folder files go to a throwaway folder.
DATA_DIR = Path(tempfile.mkdtemp(prefix="qamqor-tests-"))  # noqa: F405
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir()
