"""Navigation by role: each app registers its entries in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    visible: Callable = lambda user: True
    order: int = 50


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)


def items_for(user) -> list[dict]:
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in sorted(_items, key=lambda item: item.order)
        if item.visible(user)
    ]
