"""Konto's errors: every one is HTTP 200 with `{"status": false, "message": ..., "result": null}`.

Rules raise a `KontoError` subclass; the provider's exception handlers render it (and
Starlette's own 404/405) in that envelope. Messages are named constants that tests and docs quote.
"""

from __future__ import annotations

INVALID_API_KEY = "Invalid api_key"
UNKNOWN_ENDPOINT = "Unknown API endpoint {path}"
WRONG_METHOD = "The {method} method is not supported for {path}; use {allowed}"
MALFORMED_BODY = "Malformed request: {detail}"
MISSING_FIELD = "{field} is required"
DATA_NOT_JSON = "data is not valid JSON: {detail}"
DATA_NOT_OBJECT = "data must be a JSON object"
INVALID_FIELD = "Invalid {field}: {detail}"
NOT_FOUND = "{what} with guid {guid} not found"
KENNITALA_INVALID = "Vinsamlegast skrá rétta kennitölu ({field}: {value} is not a valid kennitala)"
USER_NOT_FOUND = "No Konto user with kennitala {kennitala}"
AMOUNT_MISMATCH = "amount {amount} does not match the invoice total {total} computed from its items"
FILE_NOT_FOUND = "File {file_id} not found; upload it with upload-file first"
FILE_REQUIRED = "file is required"
TRANSITION = "Invoice {number} is {status} and cannot become {target}"
TOO_LARGE = "Request body too large"
NOTHING_TO_UPDATE = "Nothing to update: give at least one of {fields}"


class KontoError(Exception):
    """A request Konto refuses; `message` is what the client sees."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidApiKey(KontoError):
    def __init__(self) -> None:
        super().__init__(INVALID_API_KEY)


class MalformedBody(KontoError):
    def __init__(self, detail: str) -> None:
        super().__init__(MALFORMED_BODY.format(detail=detail))


class MissingField(KontoError):
    def __init__(self, field: str) -> None:
        super().__init__(MISSING_FIELD.format(field=field))


class InvalidField(KontoError):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(INVALID_FIELD.format(field=field, detail=detail))


class DataNotJson(KontoError):
    def __init__(self, detail: str) -> None:
        super().__init__(DATA_NOT_JSON.format(detail=detail))


class NotFound(KontoError):
    def __init__(self, what: str, guid: str) -> None:
        super().__init__(NOT_FOUND.format(what=what, guid=guid))


class InvalidKennitala(KontoError):
    def __init__(self, field: str, value: str) -> None:
        super().__init__(KENNITALA_INVALID.format(field=field, value=value))


class UserNotFound(KontoError):
    def __init__(self, kennitala: str) -> None:
        super().__init__(USER_NOT_FOUND.format(kennitala=kennitala))


class AmountMismatch(KontoError):
    def __init__(self, amount: str, total: str) -> None:
        super().__init__(AMOUNT_MISMATCH.format(amount=amount, total=total))


class FileNotFound(KontoError):
    def __init__(self, file_id: str) -> None:
        super().__init__(FILE_NOT_FOUND.format(file_id=file_id))


class FileRequired(KontoError):
    def __init__(self) -> None:
        super().__init__(FILE_REQUIRED)


class InvalidTransition(KontoError):
    def __init__(self, number: str, status: str, target: str) -> None:
        super().__init__(TRANSITION.format(number=number, status=status, target=target))


class UnknownEndpoint(KontoError):
    def __init__(self, path: str) -> None:
        super().__init__(UNKNOWN_ENDPOINT.format(path=path))


class WrongMethod(KontoError):
    def __init__(self, method: str, path: str, allowed: str) -> None:
        super().__init__(WRONG_METHOD.format(method=method, path=path, allowed=allowed))


class NothingToUpdate(KontoError):
    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(NOTHING_TO_UPDATE.format(fields=", ".join(fields)))
