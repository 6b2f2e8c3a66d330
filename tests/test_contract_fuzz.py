"""Contract fuzzing: schemathesis against every provider's OpenAPI document and the control
plane's, over real HTTP, with credentials a client would have.

Required: no 5xx, and every answer matches the document (status documented, content type and
body as declared). Bounded and deterministic so the suite stays fast and a failure reproduces:
a few derandomized examples per operation, positive and negative, no shrinking.

The providers are fuzzed in a workspace made for the test (other tests use the default one);
the control plane on a server of its own, since fuzzing it deletes, resets and restores
workspaces. `-m "not fuzz"` leaves all of this out.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mockserver.providers import all_providers
from mockserver.testing.client import RunningServer

pytestmark = pytest.mark.fuzz

# Per operation and generation mode; the whole file stays around a minute on two cores.
EXAMPLES = 30
FUZZ_WORKSPACE = "fuzz"
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


# Filled in as a client of the provider would: its own organization (Conta's key reaches 11,
# other ids answer the documented 403/404 and reach nothing behind them) ...
PINNED_PATH = {"conta": {"opContextOrgId": 11}}
# ... and without the headers that ask the sandbox to fail on purpose, as scenario rules do
# (conta-force-readonly answers Conta's 500 OrgReadOnlyModeException).
FAULT_HEADERS = {"conta": "conta-force-"}


class Credentials:
    """How a client presents a workspace's credentials, by their shape (the same shapes the
    plugin's provider clients handle): HTTP Basic, Konto's form fields, Regtech's client
    credentials for a bearer token fetched first, a bearer token, an API key header."""

    def __init__(self, base_url: str, provider: str, credentials: dict, document: dict) -> None:
        self.provider = provider
        self.headers: dict[str, str] = {}
        self.form: dict[str, str] = {}
        keys = set(credentials)
        if keys == {"username", "password"}:
            pair = f"{credentials['username']}:{credentials['password']}".encode()
            self.headers["authorization"] = "Basic " + base64.b64encode(pair).decode()
        elif keys == {"username", "api_key"}:
            self.form = dict(credentials)
        elif keys == {"clientId", "clientSecret"}:
            answer = httpx.post(f"{base_url}/{provider}/auth/token", json=credentials)
            answer.raise_for_status()
            self.headers["authorization"] = "Bearer " + answer.json()["access_token"]
        elif keys == {"token"}:
            self.headers["authorization"] = "Bearer " + credentials["token"]
        elif len(keys) == 1:
            schemes = document.get("components", {}).get("securitySchemes", {})
            header = next(s["name"] for s in schemes.values() if s.get("type") == "apiKey")
            self.headers[header] = next(iter(credentials.values()))
        else:
            raise AssertionError(f"{provider}: no way to present credentials {sorted(keys)}")

    def apply(self, case) -> None:
        pinned = PINNED_PATH.get(self.provider, {})
        if pinned and case.path_parameters:
            case.path_parameters = {
                **case.path_parameters,
                **{name: value for name, value in pinned.items() if name in case.path_parameters},
            }
        faults = FAULT_HEADERS.get(self.provider)
        if faults and case.headers:
            case.headers = {k: v for k, v in case.headers.items() if not k.lower().startswith(faults)}
        if self.headers:
            case.headers = {**(case.headers or {}), **self.headers}
        if self.form:
            # Konto reads its credentials from the form body (or, failing that, the query).
            if isinstance(case.body, dict):
                case.body = {**case.body, **self.form}
            else:
                case.query = {**(case.query or {}), **self.form}


@pytest.fixture(scope="module")
def fuzz_workspace(mockserver) -> Iterator:
    workspace = mockserver.admin.create_workspace()
    yield workspace
    workspace.delete()


def fuzz(schema, prepare=None) -> list[str]:
    """Every operation of `schema`, positive and negative examples; what failed, as text
    schemathesis writes it (the check, the answer, a curl command that reproduces it)."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @BOUNDED
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                if prepare is not None:
                    prepare(case)
                case.call_and_validate(checks=CHECKS, timeout=10)

            try:
                run()
            except Unsatisfiable:
                pass  # nothing can be negated here (a path of plain strings): positive only
            except (Exception, FailureGroup) as failure:  # schemathesis' failures, grouped or single
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    return failures


def _report(failures: list[str]) -> str:
    return f"{len(failures)} failing operation(s):\n\n" + "\n\n".join(failures)


PROVIDERS = [p.name for p in all_providers()]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_provider_answers_match_its_document(mockserver, fuzz_workspace, provider):
    schema = schemathesis.openapi.from_url(f"{mockserver.url}/{provider}/openapi.json")
    schema.config.base_url = f"{mockserver.url}/{provider}"
    credentials = Credentials(
        mockserver.url, provider, fuzz_workspace.credentials[provider], schema.raw_schema
    )
    failures = fuzz(schema, credentials.apply)
    assert not failures, _report(failures)


@pytest.fixture(scope="module")
def control_plane_server() -> Iterator[RunningServer]:
    server = RunningServer()
    yield server
    server.stop()


def test_control_plane_answers_match_its_document(control_plane_server):
    url = control_plane_server.url
    schema = schemathesis.openapi.from_url(f"{url}/_admin/openapi.json")
    schema.config.base_url = f"{url}/_admin"
    admin = httpx.Client(base_url=f"{url}/_admin", timeout=10)

    def in_the_fuzz_workspace(case) -> None:
        # A generated id only finds nothing; the routes behind it are reached in a workspace
        # of the test's, made again whenever a case has deleted it.
        if "id" in (case.path_parameters or {}):
            case.path_parameters = {**case.path_parameters, "id": FUZZ_WORKSPACE}
            made = admin.post("/workspaces", json={"id": FUZZ_WORKSPACE})
            assert made.status_code in (201, 409), made.text

    with admin:
        failures = fuzz(schema, in_the_fuzz_workspace)
    assert not failures, _report(failures)
