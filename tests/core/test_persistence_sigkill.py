"""Done means: SIGKILL at random moments during a write burst, 20 times; every restart loads, and
no change acknowledged more than the write-behind delay before the kill is lost."""

import os
import random
import signal
import threading
import time

import httpx

from mockserver.testing.client import RunningServer

FAKTURAN = ("demo-key-id", "demo-key-secret")
# Small, so that writes follow each other closely and some kills land in the middle of one.
DELAY = 0.1
# Beyond the delay, a write takes a snapshot, serialises it and fsyncs it: milliseconds on an idle
# machine, but up to about a second was seen for the fsync on a busy two-core one. (The kill time
# is taken before the signal is sent, so it errs early.)
MARGIN = 1.0
ROUNDS = 20


def test_sigkill_during_a_write_burst_never_loses_what_was_acknowledged_before_the_delay(tmp_path):
    path = tmp_path / "state.json"
    rng = random.Random(20261202)  # seeded, so that a failing round can be replayed
    must_survive: list[tuple[str, str, str]] = []  # (kind, id, name) acknowledged before the deadline
    rounds_checked = 0
    killed_server_said: list[str] = []  # its stderr, to show when something was lost
    for round_number in range(ROUNDS + 1):
        # Starting at all is the first check: the file written up to the kill loads.
        server = RunningServer("--state-file", str(path), "--state-write-delay", str(DELAY))
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for kind, key, name in must_survive:
                if kind == "client":
                    shown = http.get(f"/fakturan/api/v2/clients/{key}", auth=FAKTURAN)
                    assert shown.status_code == 200, (round_number, key, shown.text, killed_server_said)
                    assert shown.json()["data"]["name"] == name
                else:
                    shown = http.get(f"/_admin/workspaces/{key}")
                    assert shown.status_code == 200, (round_number, key, shown.text, killed_server_said)
            rounds_checked += bool(must_survive)
            if round_number == ROUNDS:
                assert server.stop() == 0
                break
            # Every fourth round dies at any moment, the first write included; the others late
            # enough that what was acknowledged before the margin can be checked.
            if round_number % 4 == 0:
                kill_after = rng.uniform(0.05, 1.0)
            else:
                kill_after = DELAY + MARGIN + rng.uniform(0.05, 0.4)
            acknowledged, killed_at = burst(http, server, round_number, kill_after)
        killed_server_said = list(server.errors)
        deadline = killed_at - DELAY - MARGIN
        must_survive = [(kind, key, name) for at, kind, key, name in acknowledged if at < deadline]
    # An early kill leaves nothing old enough to check; the late ones must have left something.
    assert rounds_checked >= ROUNDS // 2


def burst(http: httpx.Client, server: RunningServer, round_number: int, kill_after: float):
    """Writes as fast as one client can until the server is killed `kill_after` seconds in;
    returns what was acknowledged (with when) and when the kill was sent."""
    killed_at: list[float] = []

    def kill() -> None:
        killed_at.append(time.monotonic())
        os.kill(server.process.pid, signal.SIGKILL)

    acknowledged = []
    killer = threading.Timer(kill_after, kill)
    killer.start()
    try:
        for n in range(100_000):
            try:
                if n == 5:  # a control-plane write too, which takes another path
                    key = f"ws-{round_number}-{n}"
                    answer = http.post("/_admin/workspaces", json={"id": key})
                    kind, name = "workspace", key
                else:
                    name = f"Burst {round_number}-{n}"
                    answer = http.post("/fakturan/api/v2/clients", json={"company": name}, auth=FAKTURAN)
                    kind = "client"
            except httpx.TransportError:
                break
            assert answer.status_code == 201, answer.text
            key = answer.json()["data"]["id"] if kind == "client" else answer.json()["id"]
            acknowledged.append((time.monotonic(), kind, key, name))
    finally:
        killer.join()
    server.process.wait(timeout=10)
    assert server.process.returncode == -signal.SIGKILL
    return acknowledged, killed_at[0]
