from mockserver.providers.fakturan.models import ClientEnvelope, ClientList
from tests.providers.fakturan.conftest import state_of


def test_list_is_paged_with_absolute_links(fakturan):
    answer = fakturan.get("/clients", params={"per_page": 5, "page": 2})
    body = ClientList.model_validate(answer.json())
    assert answer.status_code == 200 and len(body.data) == 5
    assert body.paging.current_page == 2 and body.paging.total_pages == 3
    assert body.paging.next == f"{fakturan.base_url}clients?page=3&per_page=5"
    assert body.paging.previous == f"{fakturan.base_url}clients?page=1&per_page=5"


def test_per_page_defaults_to_30_and_is_capped_at_100(fakturan):
    for _ in range(25):
        fakturan.post("/clients", json={"company": "Filler AB"})
    assert len(fakturan.get("/clients").json()["data"]) == 30
    assert len(fakturan.get("/clients", params={"per_page": 500}).json()["data"]) == 37


def test_filters_and_sort(fakturan):
    google = fakturan.get("/clients", params={"org_number": "556677-8899"}).json()["data"]
    assert [c["name"] for c in google] == ["Google Inc"]
    assert fakturan.get("/clients", params={"number": "1"}).json()["data"][0]["id"] == 1
    created = fakturan.post("/clients", json={"company": "Mail AB", "email": "Faktura@Mail.se"}).json()[
        "data"
    ]
    assert [
        c["id"] for c in fakturan.get("/clients", params={"email": "faktura@mail.se"}).json()["data"]
    ] == [created["id"]]
    numbers = [c["number"] for c in fakturan.get("/clients", params={"sort": "-number"}).json()["data"]]
    assert numbers == sorted(numbers, reverse=True)
    names = [c["name"].lower() for c in fakturan.get("/clients", params={"sort": "+name"}).json()["data"]]
    assert names == sorted(names)


def test_unknown_sort_field_is_refused(fakturan):
    answer = fakturan.get("/clients", params={"sort": "email"})
    assert answer.status_code == 422
    assert answer.json() == {"errors": {"sort": [{"error": "inclusion", "value": "email"}]}}


def test_number_defaults_to_highest_plus_one_and_must_be_unique(fakturan):
    first = fakturan.post("/clients", json={"company": "Ett AB"}).json()["data"]
    second = fakturan.post("/clients", json={"company": "Två AB"}).json()["data"]
    assert second["number"] == first["number"] + 1
    taken = fakturan.post("/clients", json={"company": "Tre AB", "number": 1})
    assert taken.status_code == 422
    assert taken.json() == {"errors": {"number": [{"error": "taken", "value": 1}]}}


def test_individual_needs_first_and_last_name_and_a_valid_email(fakturan):
    answer = fakturan.post("/clients", json={"client_type": "individual", "email": "not-an-email"})
    assert answer.status_code == 422
    assert answer.json() == {
        "errors": {
            "first_name": [{"error": "blank"}],
            "last_name": [{"error": "blank"}],
            "email": [{"error": "invalid"}],
        }
    }


def test_settings_are_validated_and_applied(fakturan):
    bad = fakturan.post("/clients", json={"company": "X", "settings": {"invoice_delivery_method": "pigeon"}})
    assert bad.json() == {"errors": {"settings.invoice_delivery_method": [{"error": "inclusion"}]}}
    answer = fakturan.post(
        "/clients",
        json={
            "company": "Brev AB",
            "settings": {
                "invoice_delivery_method": "letter",
                "invoice_days": 10,
                "currency": "EUR",
                "email_attach_pdf": True,
            },
        },
    )
    client = ClientEnvelope.model_validate(answer.json()).data
    assert (
        client.settings.invoice_delivery_method,
        client.settings.invoice_days,
        client.settings.currency,
        client.settings.email_attach_pdf,
    ) == ("letter", 10, "EUR", True)


def test_update_changes_only_what_is_given(fakturan):
    before = fakturan.get("/clients/2").json()["data"]
    assert (
        fakturan.put("/clients/2", json={"phone": "08-123 45 67", "address": {"city": "Umeå"}}).status_code
        == 204
    )
    after = fakturan.get("/clients/2").json()["data"]
    assert after["phone"] == "08-123 45 67" and after["address"]["city"] == "Umeå"
    assert {**after, "phone": before["phone"], "address": before["address"]} == before


def test_invalid_update_changes_nothing(fakturan):
    before = state_of(fakturan.workspace)
    answer = fakturan.put("/clients/1", json={"company": "", "phone": "0700"})
    assert answer.status_code == 422
    assert state_of(fakturan.workspace) == before


def test_unknown_client_is_404(fakturan):
    for answer in (
        fakturan.get("/clients/9999"),
        fakturan.put("/clients/9999", json={"company": "X"}),
        fakturan.get("/clients/abc"),
    ):
        assert answer.status_code == 404
        assert answer.json() == {"error": "404 Not Found"}
