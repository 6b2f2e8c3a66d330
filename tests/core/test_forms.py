"""The one form reader: any field name a client can send is read, never a 500."""

from __future__ import annotations

import httpx

from mockserver.core.forms import read_form

HELLO = "/konto/api/v1/hello"
KONTO = {"username": "testuser", "api_key": "3a62cd2568635f115c975b8bd1317e3d"}


def multipart(*parts: tuple[str, str]) -> bytes:
    lines = [
        f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in parts
    ]
    return ("".join(lines) + "--x--\r\n").encode()


def test_a_field_name_outside_latin_1_is_read_as_utf_8():
    form = read_form("multipart/form-data; boundary=x", multipart(("€", "1"), ("名", "値")))
    assert form.fields == {"€": "1", "名": "値"}


def test_konto_answers_in_its_own_shape_to_such_a_field(mockserver):
    # curl -X GET -F '€=1' .../konto/api/v1/hello
    headers = {"content-type": "multipart/form-data; boundary=x"}
    answer = httpx.request("GET", mockserver.url + HELLO, content=multipart(("€", "1")), headers=headers)
    assert answer.status_code == 200
    assert answer.json()["status"] is False and answer.json()["result"] is None
    fields = [*KONTO.items(), ("€", "1")]
    answer = httpx.request("GET", mockserver.url + HELLO, content=multipart(*fields), headers=headers)
    assert answer.status_code == 200 and answer.json()["status"] is True
