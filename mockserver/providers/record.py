"""Records Faker's answers to each provider's default seed, for `core.seeding.Replay`:

    python -m mockserver.providers.record

Run it after changing what a seed asks Faker; `tests/core/test_seeding.py` says when.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import version

import orjson

from mockserver.core.providers import Provider
from mockserver.core.seeding import Recording
from mockserver.providers import all_providers

SEED = 0  # the default seed, which most workspaces use
# Any start does: what a seed asks Faker does not depend on the clock (tests check it).
CLOCK_START = datetime(2026, 1, 1, tzinfo=UTC)


def record(provider: Provider, seed: int = SEED) -> dict:
    """Faker's answers to `provider`'s seed, as its recording file holds them."""
    recording = Recording(seed, provider.name, provider.locale, CLOCK_START)
    provider.seed(recording)
    return {"seed": seed, "faker": version("faker"), "answers": recording.answers}


def dumps(recording: dict) -> bytes:
    """The recording as JSON with one answer per line, so that a change reads as a diff."""
    head = orjson.dumps({key: value for key, value in recording.items() if key != "answers"})
    purposes = [
        orjson.dumps(purpose)
        + b": [\n"
        + b",\n".join(b"  " + orjson.dumps(answer) for answer in answers)
        + b"\n]"
        for purpose, answers in recording["answers"].items()
    ]
    return head[:-1] + b', "answers": {\n' + b",\n".join(purposes) + b"\n}}\n"


def main() -> None:
    for provider in all_providers():
        path = provider.recorded_answers
        if path is not None:
            path.write_bytes(dumps(record(provider)))
            print(f"{provider.name}: {path}")


if __name__ == "__main__":
    main()
