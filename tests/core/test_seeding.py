"""The default seed plays back Faker's recorded answers (core.seeding): the data is Faker's own,
a changed seed is caught, and a stale recording never costs a workspace its data."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime
from importlib.metadata import version

import orjson
import pytest

from mockserver.core.seeding import Recording, Replay, Seeding, StaleRecording, recorded_answers
from mockserver.core.workspaces import Registry
from mockserver.providers import all_providers
from mockserver.providers.record import dumps, record

PROVIDERS = [declared.loaded for declared in all_providers()]
START = datetime(2026, 12, 8, tzinfo=UTC)
RERECORD = "the seed asks Faker something else now: run `python -m mockserver.providers.record`"


def recorded_with_this_faker(provider) -> bool:
    """Whether the recording is of the installed Faker release, so that its values can be
    compared with Faker's own (another release may word its data differently)."""
    return orjson.loads(provider.recorded_answers.read_bytes())["faker"] == version("faker")


def seeded(provider, recorded) -> bytes:
    return orjson.dumps(
        provider.seed(Seeding(0, provider.name, provider.locale, START, recorded)), default=str
    )


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.name)
def test_the_recording_is_what_the_seed_asks_faker_now(provider):
    assert provider.recorded_answers is not None
    on_file = orjson.loads(provider.recorded_answers.read_bytes())
    now = orjson.loads(dumps(record(provider)))

    def questions(recording):
        return {
            purpose: [answer[:2] for answer in answers] for purpose, answers in recording["answers"].items()
        }

    assert questions(on_file) == questions(now), RERECORD
    if recorded_with_this_faker(provider):
        assert on_file == now, RERECORD


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.name)
def test_played_back_the_seed_is_what_faker_itself_gives(provider):
    recorded = recorded_answers(provider.recorded_answers, 0)
    assert recorded
    played_back = seeded(provider, recorded)  # raises StaleRecording if a question differs
    if recorded_with_this_faker(provider):
        assert played_back == seeded(provider, {})


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.name)
def test_what_a_seed_asks_faker_does_not_depend_on_the_day(provider):
    # The recording is made at one clock start and played back at any other.
    asked = []
    for start in (START, datetime(2031, 2, 28, 13, tzinfo=UTC)):
        recording = Recording(0, provider.name, provider.locale, start)
        provider.seed(recording)
        asked.append(recording.answers)
    assert asked[0] == asked[1]


def test_a_birth_date_counts_from_the_workspace_clock():
    def births(start: datetime) -> list:
        seeding = Seeding(0, "fakturan", "sv_SE", start)
        return [seeding.date_of_birth(seeding.faker) for _ in range(200)]

    in_2001, in_2031 = births(datetime(2001, 6, 1, tzinfo=UTC)), births(datetime(2031, 6, 1, tzinfo=UTC))
    ages = [(datetime(2001, 6, 1).date() - birth).days / 365.25 for birth in in_2001]
    assert 19.9 < min(ages) and max(ages) < 81
    assert {(later - earlier).days for earlier, later in zip(in_2001, in_2031, strict=True)} == {
        (datetime(2031, 6, 1) - datetime(2001, 6, 1)).days
    }


def test_other_seeds_ask_faker_itself():
    fakturan = next(p for p in PROVIDERS if p.name == "fakturan")
    assert recorded_answers(fakturan.recorded_answers, 7) == {}
    assert seeded(fakturan, {}) != orjson.dumps(
        fakturan.seed(Seeding(7, "fakturan", "sv_SE", START)), default=str
    )


def test_a_replay_refuses_a_question_it_has_no_answer_for():
    replay = Replay([["company", "((), [])", "Björkman AB"], ["city", "((), [])", "Malmö"]])
    assert replay.company() == "Björkman AB"
    with pytest.raises(StaleRecording, match="'postcode'"):
        replay.postcode()
    with pytest.raises(StaleRecording, match="None"):
        Replay([]).city()


def test_a_stale_recording_seeds_with_faker_and_says_so(tmp_path, caplog):
    fakturan = next(p for p in PROVIDERS if p.name == "fakturan")
    stale = tmp_path / "faker_answers.json"
    stale.write_bytes(
        orjson.dumps({"seed": 0, "faker": "0", "answers": {"faker": [["name", "((), [])", "X"]]}})
    )
    others = [provider for provider in PROVIDERS if provider.name != "fakturan"]
    providers = [dataclasses.replace(fakturan, recorded_answers=stale), *others]
    with caplog.at_level(logging.WARNING, logger="mockserver.workspaces"):
        store = Registry(providers, clock_start=START).seeded_store("fakturan", 0, START)
    faithful = Registry(PROVIDERS, clock_start=START).seeded_store("fakturan", 0, START)
    assert store.state == faithful.state
    assert "fakturan: Faker's recorded answers are stale" in caplog.text
