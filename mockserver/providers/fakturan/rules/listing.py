"""Fakturan's index actions: filter, sort and page a table the same way for every resource.

Filters and sort keys read the stored documents, so only the page that is answered is rendered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from mockserver.core.operations import Call
from mockserver.core.store import Store
from mockserver.providers.fakturan.errors import ValidationFailed
from mockserver.providers.fakturan.rules.common import parse_date

DEFAULT_PER_PAGE, MAX_PER_PAGE = 30, 100
MAX_PAGE = 2**31 - 1  # will_paginate's page is a database integer


@dataclass(frozen=True)
class Resource:
    """What listing needs to know of one resource."""

    table: str
    render: Callable[[dict], dict]
    matches: Callable[[dict, dict], bool]
    filters: tuple[str, ...]
    sorts: dict[str, Callable[[dict], Any]]  # sort field -> key of a stored document
    # The documents a filter can be answered from through an index (None: look at all).
    narrow: Callable[[Store, dict], Iterable[dict] | None] = lambda store, filters: None


@dataclass(frozen=True)
class Page:
    """One page of rendered documents and Fakturan's paging block."""

    data: list
    paging: dict


def listing(call: Call, resource: Resource, query: Sequence[tuple[str, str]]) -> Page:
    given = dict(query)
    filters = {name: given[name] for name in resource.filters if given.get(name)}
    for name in ("start_date", "end_date"):
        if name in filters and parse_date(filters[name]) is None:
            raise ValidationFailed({name: [{"error": "invalid"}]})
    if "start_date" in filters and "end_date" not in filters:
        filters["end_date"] = call.today().isoformat()
    found: Collection[dict]
    if filters:
        documents = resource.narrow(call.store, filters)
        if documents is None:
            documents = call.store.table(resource.table).values()
        found = [doc for doc in documents if resource.matches(doc, filters)]
    else:
        found = call.store.table(resource.table).values()
    for field in reversed([f.strip() for f in given.get("sort", "").split(",") if f.strip()]):
        name = field.lstrip("+-")
        if name not in resource.sorts:
            raise ValidationFailed({"sort": [{"error": "inclusion", "value": name}]})
        found = sorted(found, key=resource.sorts[name], reverse=field.startswith("-"))
    return page(call, found, query, resource.render)


def page(
    call: Call, found: Collection[dict], query: Sequence[tuple[str, str]], render: Callable[[dict], dict]
) -> Page:
    """One page of `found` (a list or a table's values: only the page is read and rendered)."""
    given = dict(query)
    per_page = min(_positive(given.get("per_page"), DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total_pages = max(1, math.ceil(len(found) / per_page))
    current = min(_positive(given.get("page"), 1), MAX_PAGE)
    start = (current - 1) * per_page
    # The links keep the request's other parameters and put page and per_page last, as Rails'
    # url helpers do.
    kept = [(key, value) for key, value in query if key not in ("page", "per_page")]

    def link(number: int) -> str:
        return call.link(call.path, urlencode([*kept, ("page", str(number)), ("per_page", str(per_page))]))

    return Page(
        [render(doc) for doc in islice(found, start, start + per_page)],
        {
            "total_pages": total_pages,
            "current_page": current,
            "next": link(current + 1) if current < total_pages else None,
            "previous": link(current - 1) if 1 < current <= total_pages + 1 else None,
        },
    )


def _positive(text: str | None, default: int) -> int:
    if not (text and text.isascii() and text.isdigit()):
        return default
    value = int(text) if len(text) <= 12 else MAX_PAGE
    return value if value > 0 else default


def by_number(table: str, field: str = "number"):
    """A `narrow` for a filter on a unique number field."""

    def narrow(store: Store, filters: dict) -> list[dict] | None:
        given = filters.get(field, "")
        if not (given.isascii() and given.isdigit()):
            return None
        found = store.find(table, field, int(given))
        return [found] if found is not None else []

    return narrow


def text_key(value) -> object:
    return (value or "").lower() if isinstance(value, str) or value is None else value
