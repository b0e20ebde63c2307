"""Optimistic concurrency for the API: reads carry an ETag with the record's version; a write
must send it back in If-Match (428 without it, 412 when it is stale)."""

from __future__ import annotations

import re

from rest_framework.request import Request
from rest_framework.response import Response

from qamqor.core.errors import PreconditionRequiredError, StaleVersionError

_ETAG = re.compile(r'^(?:W/)?"(\d+)"$')


def etag(version: int) -> str:
    return f'"{version}"'


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = etag(version)
    return response


def if_match_version(request: Request) -> int:
    """The version the client read, from If-Match."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequiredError()
    match = _ETAG.match(header)
    if match is None:
        raise StaleVersionError()
    return int(match.group(1))
