"""Scripted faults answer in Konto's envelope, HTTP 200 with status:false; only a rate limit keeps its 429."""


def test_scenario_responses_in_konto_words(konto):
    konto.workspace.add_scenario(
        {
            "rules": [
                {
                    "name": "outage",
                    "match": {"provider": "konto", "path": "/konto/api/v1/get-items"},
                    "respond": {"status": 503},
                },
                {
                    "name": "gone",
                    "match": {"provider": "konto", "path": "/konto/api/v1/get-costs"},
                    "respond": {"status": 404},
                },
            ]
        }
    )
    outage = konto.http.get("/get-items", params=konto.credentials)
    assert outage.status_code == 200
    assert outage.json() == {"status": False, "message": "Service Unavailable (503)", "result": None}
    gone = konto.http.get("/get-costs", params=konto.credentials)
    assert gone.status_code == 200
    assert gone.json() == {"status": False, "message": "Not Found (404)", "result": None}
    assert konto.ok("get-count-items") == 12
