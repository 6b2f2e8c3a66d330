"""Deterministic seed data: each provider gets a Faker and a random generator derived from
(seed, provider) only, so every workspace created with the same seed holds identical data.

For the default seed, Faker's answers are recorded beside each provider's seed and played back
(`Replay`): importing Faker and building its locale take about 70 ms, a quarter of the server's
start-up, and the sandbox's first request needs the seed. The recording also keeps the default
data the same whichever Faker release is installed. `python -m mockserver.providers.record`
writes the recordings; tests check them against Faker itself.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import orjson

if TYPE_CHECKING:
    from datetime import datetime

    from faker import Faker

# Faker ships Norwegian as no_NO; the contract (and Norwegians) call it nb_NO.
_FAKER_LOCALES = {"nb_NO": "no_NO"}
MAIN = "faker"  # the purpose of a provider's own Faker (`Seeding.faker`)


def derive_seed(seed: int, *names: str) -> int:
    """A stable 64-bit seed for one purpose; unlike hash(), the same across processes."""
    digest = hashlib.sha256(":".join([str(seed), *names]).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass
class Seeding:
    """What a provider's seed function gets: its own Faker and generator, and the clock's start.

    `recorded` holds Faker's answers to this seeding, per purpose, when a recording of it exists
    (see `Recording`)."""

    seed: int
    provider: str
    locale: str
    clock_start: datetime
    recorded: Mapping[str, list] = field(default_factory=dict)

    @cached_property
    def random(self) -> random.Random:
        return random.Random(derive_seed(self.seed, self.provider))

    @cached_property
    def faker(self) -> Faker:
        return self.faker_for(self.locale, MAIN)

    def faker_for(self, locale: str, purpose: str) -> Faker:
        """A Faker in `locale` seeded for `purpose` (a provider with data from two countries
        asks for one per country), or the recording of its answers."""
        answers = self.recorded.get(purpose)
        if answers is not None:
            return cast("Faker", Replay(answers))
        from faker import Faker  # its locale list costs start-up time: imported on first seeding

        fake = Faker(_FAKER_LOCALES.get(locale, locale))
        fake.seed_instance(derive_seed(self.seed, self.provider, purpose))
        return fake

    @property
    def today(self) -> date:
        return self.clock_start.date()

    def date_of_birth(self, fake: Faker, minimum_age: int = 20, maximum_age: int = 80) -> date:
        """Someone `minimum_age` to `maximum_age` years old on the workspace clock's first day.
        Faker's own `date_of_birth` counts from the machine's date, so the seed changed from one
        day to the next even with the clock's start given."""
        days = fake.random_int(minimum_age * 365, maximum_age * 365 + 364)
        return self.today - timedelta(days=days)


class StaleRecording(Exception):
    """The seed asked Faker something other than what was recorded: its code changed since."""


def call_key(args: tuple, kwargs: dict) -> str:
    return repr((args, sorted(kwargs.items())))


def encode(value: Any) -> Any:
    """A Faker answer as JSON: strings and numbers as they are, a date as {"date": ISO}."""
    return {"date": value.isoformat()} if isinstance(value, date) else value


def decode(value: Any) -> Any:
    return date.fromisoformat(value["date"]) if isinstance(value, dict) else value


class Replay:
    """Recorded Faker answers, given back in the order they were asked, each checked against
    the method and arguments it was recorded for."""

    def __init__(self, answers: list) -> None:
        self._answers: Iterator[list] = iter(answers)

    def __getattr__(self, method: str) -> Any:
        if method.startswith("_"):
            raise AttributeError(method)

        def answer(*args: Any, **kwargs: Any) -> Any:
            recorded = next(self._answers, None)
            asked = [method, call_key(args, kwargs)]
            if recorded is None or recorded[:2] != asked:
                raise StaleRecording(f"the seed asked {asked}, the recording has {recorded}")
            return decode(recorded[2])

        return answer


class Recorder:
    """A Faker that notes each answer it gives, for `Replay`."""

    def __init__(self, fake: Faker) -> None:
        self._fake = fake
        self.answers: list[list] = []

    def __getattr__(self, method: str) -> Any:
        found = getattr(self._fake, method)

        def answer(*args: Any, **kwargs: Any) -> Any:
            value = found(*args, **kwargs)
            self.answers.append([method, call_key(args, kwargs), encode(value)])
            return value

        return answer


@dataclass
class Recording(Seeding):
    """A seeding that asks Faker itself and notes its answers, per purpose, for `Replay`."""

    answers: dict[str, list] = field(default_factory=dict)

    def faker_for(self, locale: str, purpose: str) -> Faker:
        recorder = Recorder(super().faker_for(locale, purpose))
        self.answers[purpose] = recorder.answers
        return cast("Faker", recorder)


def recorded_answers(path: Path | None, seed: int) -> dict[str, list]:
    """The answers recorded at `path` (written by `mockserver.providers.record`) when they are
    for `seed`; none otherwise."""
    if path is None or not path.exists():
        return {}
    recording = orjson.loads(path.read_bytes())
    return recording["answers"] if recording["seed"] == seed else {}
