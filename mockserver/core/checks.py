"""Field checks for pydantic models that say, in the provider's words, what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def checked(test: Callable[[Any], bool], message: str, kind: str) -> AfterValidator:
    """An AfterValidator that keeps the value when `test(value)` holds and raises a pydantic error
    of type `kind` saying `message` if not."""

    def check(value: Any) -> Any:
        if not test(value):
            raise PydanticCustomError(kind, message)
        return value

    return AfterValidator(check)
