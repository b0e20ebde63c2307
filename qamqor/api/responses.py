"""Small helpers for the answers of every app's endpoints."""

from rest_framework import status
from rest_framework.response import Response


def created(data) -> Response:
    """201 Created with the new record."""
    return Response(data, status=status.HTTP_201_CREATED)
