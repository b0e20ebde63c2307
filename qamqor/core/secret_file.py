"""Create the embedded deployment's secret key file once; later runs keep it.

Usage: python -m qamqor.core.secret_file PATH
"""

import os
import secrets
import sys
from pathlib import Path


def ensure_secret_file(path: Path) -> bool:
    """Write a new random key to `path` unless it exists; return whether one was written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50))
    return True


if __name__ == "__main__":
    ensure_secret_file(Path(sys.argv[1]))
