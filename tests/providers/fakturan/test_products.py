from mockserver.providers.fakturan.models import ProductEnvelope, ProductList


def test_create_show_update_delete(fakturan):
    answer = fakturan.post(
        "/products", json={"name": "Widget", "product_code": "W-1", "unit": "st", "price": "150", "tax": 25}
    )
    assert answer.status_code == 201
    product = ProductEnvelope.model_validate(answer.json()).data
    assert (product.price, product.price_inc_tax, product.tax) == ("150.0", "187.5", 25)
    assert answer.headers["location"].endswith(f"/fakturan/api/v2/products/{product.id}")
    assert fakturan.put(f"/products/{product.id}", json={"price": "9.95", "tax": "12"}).status_code == 204
    shown = fakturan.get(f"/products/{product.id}").json()["data"]
    assert (shown["price"], shown["price_inc_tax"], shown["tax"], shown["name"]) == (
        "9.95",
        "11.14",
        12,
        "Widget",
    )
    deleted = fakturan.delete(f"/products/{product.id}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert fakturan.get(f"/products/{product.id}").status_code == 404


def test_tax_defaults_to_25_and_name_is_required(fakturan):
    assert fakturan.post("/products", json={"name": "Default"}).json()["data"]["tax"] == 25
    answer = fakturan.post("/products", json={"product_code": "X" * 31, "tax": 13})
    assert answer.status_code == 422
    assert answer.json() == {
        "errors": {
            "product_code": [{"error": "too_long", "count": 30}],
            "tax": [{"error": "inclusion"}],
            "name": [{"error": "blank"}],
        }
    }


def test_list_filters_and_sorts(fakturan):
    body = ProductList.model_validate(fakturan.get("/products", params={"sort": "-price"}).json())
    prices = [float(p.price) for p in body.data]
    assert prices == sorted(prices, reverse=True) and len(prices) == 8
    found = fakturan.get("/products", params={"product_code": "KONS-1"}).json()["data"]
    assert [p["name"] for p in found] == ["Konsulttimme"]
    assert fakturan.get("/products", params={"name": "Konsulttimme"}).json()["data"] == found


def test_delete_unknown_is_404(fakturan):
    answer = fakturan.delete("/products/999")
    assert answer.status_code == 404 and answer.json() == {"error": "404 Not Found"}
