"""How long forking and resetting a workspace take with the default data set, and how long the
server takes from start to its first 200. Prints figures; asserts nothing.

    python bench/bench_workspaces.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import httpx

from mockserver.app import create_app


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    print(
        f"{name:<44} median {statistics.median(times):7.3f} ms   p95 {times[int(len(times) * 0.95)]:7.3f} ms"
        f"   max {times[-1]:7.3f} ms   (n={len(times)})"
    )


def workspace_costs(repeat: int = 200) -> None:
    registry = create_app().state.registry
    registry.default.all_states()  # seed once, as the first request would
    origin = registry.create()
    origin.all_states()
    report("create from seed (cached), all providers", timed(lambda: registry.create().all_states(), repeat))
    report("fork a workspace's current state", timed(lambda: registry.create(source=origin.id), repeat))

    def reset():
        origin.reset()
        origin.all_states()

    report("reset (and re-copy every provider's state)", timed(reset, repeat))
    fresh = create_app().state.registry
    started = time.perf_counter()
    fresh.default.all_states()
    print(f"{'first seeding of all providers (Faker)':<44} {(time.perf_counter() - started) * 1000:7.1f} ms")


def startup_to_first_200(repeat: int = 5) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mockserver", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
        )
        url = process.stdout.readline().strip().rsplit(" ", 1)[1]
        answer = httpx.get(f"{url}/fakturan/api/v2/clients/1", auth=("demo-key-id", "demo-key-secret"))
        assert answer.status_code == 200
        times.append((time.perf_counter() - started) * 1000)
        process.terminate()
        process.wait()
    report("start-up to first 200 (fakturan, cold)", times)


if __name__ == "__main__":
    workspace_costs()
    startup_to_first_200()
