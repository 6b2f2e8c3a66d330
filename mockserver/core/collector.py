"""Keeping Python's cyclic garbage collector from stalling requests as the state grows.

A full collection walks every tracked object the process holds. The sandbox's state is large and
long-lived (seeded stores, and whatever the clients create: 100,000 invoices are a few million
objects), so without help each full pass costs more as the store grows: 100-460 ms at 10,000 to
100,000 invoices, a pause every request in flight waits for.

Two measures, both `gc.freeze()`, both only once `install()` has been called (by
`mockserver serve`): the heap is frozen when a seeded store has been built (the seed and every
module loaded before it), and the survivors of each full collection are frozen. A survivor of a
full pass is long-lived by definition; frozen, it is never walked again, so the next full pass
only looks at what was created since the last one, however large the store. Reference counting
still frees frozen objects; what freezing gives up is reclaiming reference *cycles* among them.
The server's state is acyclic JSON-ready data and a deleted workspace is freed by reference
counting alone, but a registry and its default workspace refer to each other: a process that
creates and drops whole apps (a test session with in-process clients) must not freeze them,
hence nothing is frozen until a server installs the measure.
"""

from __future__ import annotations

import gc

_installed = False


def _after_collection(phase: str, info: dict) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


def install() -> None:
    """Freeze the survivors of every full collection from now on (once per process)."""
    global _installed
    if not _installed:
        gc.callbacks.append(_after_collection)
        _installed = True


def seeded() -> None:
    """A seeded store was just built: it and everything loaded so far live as long as the
    server, so out of the collector's sight with them (once installed)."""
    if _installed:
        gc.freeze()
