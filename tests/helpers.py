"""Helpers every test module shares: signed-in clients and the checked JSON of a response."""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.test import APIClient


def api_client(user) -> APIClient:
    """An API client signed in as `user` (session login, as the browser's API calls)."""
    client = APIClient()
    client.force_login(user)
    return client


def web_client(user) -> Client:
    """A browser-like client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def ok(response, status: int = 200) -> Any:
    """The response's JSON, after checking its status (the body is shown when it differs)."""
    assert response.status_code == status, response.content
    return response.json()
