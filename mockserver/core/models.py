"""The base of the sandbox's pydantic models.

`defer_build`: pydantic builds a model's validator and serializer when the class is created,
which for the providers' few hundred models is a third of the server's import time. Deferred,
each is built the first time it validates, serialises or gives its JSON schema, so start-up
pays only for what the first requests use.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(defer_build=True)
