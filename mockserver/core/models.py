"""The bases of the sandbox's pydantic models.

`defer_build`: pydantic builds a model's validator and serializer when the class is created,
which for the providers' few hundred models is a third of the server's import time. Deferred,
each is built the first time it validates, serialises or gives its JSON schema, so start-up
pays only for what the first requests use.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel


class Model(BaseModel):
    model_config = ConfigDict(defer_build=True)


class Root(RootModel):
    """A body that is one value rather than an object of fields (`root: A | B`, `root: list[A]`),
    deferred as `Model` is. Subclass it and annotate `root`: a parametrised `RootModel[A | B]`
    is a class of its own that pydantic builds at once, a tenth of the start-up's first request."""

    model_config = ConfigDict(defer_build=True)
