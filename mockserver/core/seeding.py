"""Deterministic seed data: each provider gets a Faker and a random generator derived from
(seed, provider) only, so every workspace created with the same seed holds identical data."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

# Faker ships Norwegian as no_NO; the contract (and Norwegians) call it nb_NO.
_FAKER_LOCALES = {"nb_NO": "no_NO"}


def derive_seed(seed: int, *names: str) -> int:
    """A stable 64-bit seed for one purpose; unlike hash(), the same across processes."""
    digest = hashlib.sha256(":".join([str(seed), *names]).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass
class Seeding:
    """What a provider's seed function gets: its own Faker and generator, and the clock's start."""

    seed: int
    provider: str
    locale: str
    clock_start: datetime

    @cached_property
    def random(self) -> random.Random:
        return random.Random(derive_seed(self.seed, self.provider))

    @cached_property
    def faker(self) -> Faker:
        from faker import Faker  # its locale list costs start-up time: imported on first seeding

        fake = Faker(_FAKER_LOCALES.get(self.locale, self.locale))
        fake.seed_instance(derive_seed(self.seed, self.provider, "faker"))
        return fake

    @property
    def today(self) -> date:
        return self.clock_start.date()
