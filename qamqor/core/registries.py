"""Plug-in points: how a higher app adds to a lower one without the lower one naming it.

A lower app owns a `Registry` (the case page's sections, the timeline's event kinds, the alert
sources…); the apps above fill it in their `AppConfig.ready()`, the way healthchecks'
integrations plug into its core. Each registry says its name, refuses a key registered twice,
and keeps the order of registration, which is the order the app's `INSTALLED_APPS` give.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        if key in self._items:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is registered twice")
        self._items[key] = item
        return item

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def __getitem__(self, key: str) -> T:
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[str]:
        return list(self._items)

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self._items)}>"
