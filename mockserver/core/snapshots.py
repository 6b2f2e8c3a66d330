"""Deep checks of a restored snapshot's provider state (`PUT /_admin/workspaces/{id}/snapshot`).

A provider's state is `{"tables": {name: {id: document}}, "counters": {name: n}, ...}` (see
mockserver.core.store). A snapshot that is right only at the top level would be stored and then
break every later request that reads the bad table, so each level is checked before anything
changes, and every problem is named by its path (`state.fakturan.tables.invoices.7`).
"""

from __future__ import annotations

# Counters number documents that are rendered as JSON numbers: beyond 2^53 some clients (any
# JavaScript one) no longer read them exactly, and beyond 2^64 orjson cannot write them at all.
MAX_COUNTER = 2**53
MAX_PROBLEMS = 20


def state_problems(states: dict) -> list[str]:
    """One line per problem in `states` ({provider: state}), at most MAX_PROBLEMS; [] if sound."""
    problems: list[str] = []
    for provider, state in states.items():
        where = f"state.{provider}"
        if not isinstance(state, dict):
            problems.append(f"{where}: must be an object")
            continue
        tables = state.get("tables")
        if tables is not None:
            if not isinstance(tables, dict):
                problems.append(f"{where}.tables: must be an object")
            else:
                for table, rows in tables.items():
                    if not isinstance(rows, dict):
                        problems.append(f"{where}.tables.{table}: must be an object")
                        continue
                    problems.extend(
                        f"{where}.tables.{table}.{key}: must be an object"
                        for key, document in rows.items()
                        if not isinstance(document, dict)
                    )
        counters = state.get("counters")
        if counters is not None:
            if not isinstance(counters, dict):
                problems.append(f"{where}.counters: must be an object")
            else:
                problems.extend(
                    f"{where}.counters.{name}: must be an integer from 0 to 2^53"
                    for name, value in counters.items()
                    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNTER
                )
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems[:MAX_PROBLEMS]


def check_states(states: dict) -> None:
    """WorkspaceError 422 naming every problem in `states`, or nothing."""
    problems = state_problems(states)
    if problems:
        from mockserver.core.workspaces import WorkspaceError  # workspaces imports this module

        raise WorkspaceError(422, "; ".join(problems))
