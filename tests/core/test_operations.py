"""The operation registry on a toy provider: routing, parsing, one transaction per rule, errors
in the provider's shape, the outbox, and the document derived from the declarations."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

from mockserver.core.auth import HttpBasic
from mockserver.core.errors import ProviderError, format_path
from mockserver.core.gateway import Gateway
from mockserver.core.openapi import derive_document
from mockserver.core.operations import FOUND_CAPACITY, Operation, Router, answer
from mockserver.core.providers import Provider
from mockserver.core.responses import JSONResponse
from mockserver.core.workspaces import Registry
from mockserver.testing.inprocess import InProcessClient


class Note(BaseModel):
    text: str
    copies: int = 1


class NoteOut(BaseModel):
    id: int
    text: str


class Refused(ProviderError):
    status = 422

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


class ToyErrors:
    def render(self, error):
        return JSONResponse({"problems": error.problems}, error.status)

    def status(self, status, message=None):
        return JSONResponse({"problems": [message or f"status {status}"]}, status)

    def not_found(self, method, path):
        return JSONResponse({"problems": [f"no {path}"]}, 404)

    def method_not_allowed(self, method, path, allowed):
        return JSONResponse({"problems": [f"{method} not in {','.join(allowed)}"]}, 405)

    def unauthenticated(self, incoming):
        return JSONResponse({"problems": ["who are you"]}, 401)


class ToyDialect:
    def parse(self, operation, incoming, params, call):
        arguments = dict(params)
        if operation.body is not None:
            try:
                arguments["note"] = operation.body.model_validate_json(incoming.body or b"{}")
            except ValidationError as error:
                raise Refused([f"{format_path(p['loc'])}: {p['type']}" for p in error.errors()]) from None
        return arguments

    def answer(self, operation, result, call):
        if result is None:
            return Response(status_code=operation.status)
        return JSONResponse(result, operation.status)


def list_notes(call):
    return list(call.store.all("notes"))


def create_note(call, note: Note):
    created = None
    for _ in range(note.copies):
        created = call.store.insert("notes", {"text": note.text})
    if note.text == "boom":
        raise Refused(["boom is refused after writing"])
    if note.text == "crash":
        raise RuntimeError("a bug")
    call.send({"channel": "email", "text": note.text})
    return created


def show_note(call, id: int):
    found = call.store.get("notes", id)
    if found is None:
        raise Refused([f"note {id} not found"])
    return found


TOY = Provider(
    name="toy",
    title="Toy API",
    locale="en_US",
    auth=HttpBasic({"username": "demo", "password": "secret"}),
    dialect=ToyDialect(),
    errors=ToyErrors(),
    operations=[
        Operation("GET", "/notes", list_notes, "List notes"),
        Operation(
            "POST",
            "/notes",
            create_note,
            "Create a note",
            body=Note,
            status=201,
            response=NoteOut,
            errors={422: answer("refused")},
        ),
        Operation("GET", "/notes/{id:int}", show_note, "Show a note", response=NoteOut),
    ],
    seed=lambda seeding: {"tables": {"notes": {"1": {"id": 1, "text": "seeded"}}}, "counters": {"notes": 1}},
)


@pytest.fixture
def toy():
    registry = Registry([TOY], clock_start=datetime(2026, 1, 1, tzinfo=UTC))
    gateway = Gateway(TOY, registry, max_body_bytes=1000)

    async def app(scope, receive, send):
        await gateway({**scope, "root_path": "/toy"}, receive, send)

    with InProcessClient(app, auth=("demo", "secret")) as client:
        client.registry = registry
        yield client


def test_routes_parse_run_and_answer(toy):
    assert toy.get("/toy/notes").json() == [{"id": 1, "text": "seeded"}]
    created = toy.post("/toy/notes", json={"text": "hello"})
    assert created.status_code == 201 and created.json() == {"id": 2, "text": "hello"}
    assert toy.get("/toy/notes/2").json() == {"id": 2, "text": "hello"}


def test_a_rule_that_refuses_half_way_leaves_nothing(toy):
    refused = toy.post("/toy/notes", json={"text": "boom", "copies": 3})
    assert refused.status_code == 422 and refused.json() == {"problems": ["boom is refused after writing"]}
    assert len(toy.get("/toy/notes").json()) == 1
    assert toy.registry.default.outbox.list() == []
    assert toy.post("/toy/notes", json={"text": "ok"}).json()["id"] == 2, "the counter was rolled back"


def test_an_unexpected_error_is_the_provider_shaped_500_and_rolled_back(toy, caplog):
    crashed = toy.post("/toy/notes", json={"text": "crash"})
    assert crashed.status_code == 500 and crashed.json() == {"problems": ["status 500"]}
    assert len(toy.get("/toy/notes").json()) == 1
    assert "a bug" in caplog.text and "Traceback" in caplog.text


def test_validation_routing_and_credentials_in_the_provider_shape(toy):
    assert toy.post("/toy/notes", json={"copies": "x"}).json() == {
        "problems": ["text: missing", "copies: int_parsing"]
    }
    assert toy.get("/toy/nothing").json() == {"problems": ["no /nothing"]}
    assert toy.get("/toy/notes/x").status_code == 404, "an {id:int} segment matches digits only"
    assert toy.delete("/toy/notes").json() == {"problems": ["DELETE not in GET,POST"]}
    assert toy.get("/toy/notes", auth=("demo", "wrong")).json() == {"problems": ["who are you"]}


def test_head_is_answered_as_get_where_only_get_is_declared(toy):
    head = toy.request("HEAD", "/toy/notes/1")
    assert head.status_code == 200 and head.headers["content-length"] == str(len(b'{"id":1,"text":"seeded"}'))
    assert toy.request("HEAD", "/toy/notes").status_code == 200
    assert TOY.router.match("HEAD", "/notes").operation.method == "GET"


def test_messages_reach_the_outbox_and_the_journal(toy):
    toy.post("/toy/notes", json={"text": "hello"})
    workspace = toy.registry.default
    (message,) = workspace.outbox.list()
    assert message["provider"] == "toy" and message["text"] == "hello" and message["at"].startswith("2026")
    assert workspace.journal.entries[-1].outbound == [{"channel": "email", "text": "hello"}]


def test_the_document_lists_exactly_the_declared_operations():
    document = derive_document(TOY)
    pairs = {(m.upper(), path) for path, item in document["paths"].items() for m in item}
    assert pairs == {("GET", "/notes"), ("POST", "/notes"), ("GET", "/notes/{id}")}
    show = document["paths"]["/notes/{id}"]["get"]
    assert show["parameters"][0] == {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
    }
    create = document["paths"]["/notes"]["post"]
    assert set(create["responses"]) == {"201", "422"}
    assert orjson.dumps(document)  # JSON-ready


def test_router_refuses_two_declarations_of_one_method_and_path():
    with pytest.raises(ValueError, match="two operations for GET /notes"):
        Router([Operation("GET", "/notes", list_notes, "a"), Operation("GET", "/notes", list_notes, "b")])


def test_one_path_may_name_its_parameters_differently_per_method():
    # Conta publishes GET invoices/{id}/payments beside POST invoices/{invoiceId}/payments.
    router = Router(
        [
            Operation("GET", "/notes/{id:int}/tags", list_notes, "a"),
            Operation("POST", "/notes/{noteId:int}/tags", list_notes, "b"),
        ]
    )
    assert router.match("GET", "/notes/7/tags").params == {"id": 7}
    assert router.match("POST", "/notes/7/tags").params == {"noteId": 7}
    refused = router.match("PUT", "/notes/7/tags")
    assert refused.operation is None and refused.allowed == ("GET", "POST")


def test_a_path_matched_again_gets_the_same_operation_and_params_of_its_own():
    router = Router(
        [Operation("GET", "/notes/{id:int}", show_note, "a"), Operation("GET", "/notes", list_notes, "b")]
    )
    first = router.match("GET", "/notes/7")
    first.params["id"] = 8  # a dialect may build its arguments on the params it is given
    assert router.match("GET", "/notes/7") == (first.operation, {"id": 7}, ())
    assert router.match("POST", "/notes/7").allowed == ("GET",)
    assert router.match("POST", "/notes/7").allowed == ("GET",)
    for number in range(FOUND_CAPACITY + 5):  # the paths kept are bounded however many ids are asked
        assert router.match("GET", f"/notes/{number}").params == {"id": number}
    assert len(router._found) <= FOUND_CAPACITY
