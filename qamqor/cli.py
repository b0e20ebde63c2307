"""The `qamqor` console command: Django's management commands under the project's name.

On PostgreSQL the application connects (DATABASE_URL) as a role that may not change the
schema nor the access log; the commands that need the owner connect with DATABASE_OWNER_URL
when it is set (docs/deployment.md): migrate (which then grants the app role its rights),
flush and createcachetable. Everything else — the access log's sealing included, which only
inserts — runs as the app role."""

import os
import sys
from collections.abc import Mapping

OWNER_COMMANDS = frozenset({"migrate", "flush", "createcachetable"})


def database_url(command: str, environ: Mapping[str, str]) -> str | None:
    """The DATABASE_URL a command runs with: the owner's for OWNER_COMMANDS when given."""
    owner = (environ.get("DATABASE_OWNER_URL") or "").strip()
    if command in OWNER_COMMANDS and owner:
        return owner
    return environ.get("DATABASE_URL")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")
    arguments = sys.argv[1:]
    url = database_url(arguments[0] if arguments else "", os.environ)
    if url is not None:
        os.environ["DATABASE_URL"] = url
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qamqor", *arguments])


if __name__ == "__main__":
    main()
