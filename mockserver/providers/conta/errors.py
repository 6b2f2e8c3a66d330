"""Conta's errors: one class per exception the spec names, rendered in Conta's envelope.

Every error body is `{"category", "name", "messages": {"NO": ..., "EN": ...}}` (research §1.2):
`category` API for the gateway's own exceptions (401/403/404/405/409/413/500/503), CUSTOM for
business rules (422, the names each operation's `oneOf` lists), INPUT for `InputOpException`
(409, with `input` and one `errors[]` entry per failed condition), SYSTEM for `SystemException`.
Names are PascalCase on the wire; `properties` appears only for exceptions whose schema defines
some. Both languages are always present: `conta-language` only decides which comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

from starlette.responses import Response

from mockserver.core.errors import ProviderError
from mockserver.core.responses import JSONResponse
from mockserver.providers.conta import spec

# The language the current request asked for (`conta-language`), set around each request.
LANGUAGE: ContextVar[str] = ContextVar("conta_language", default="NO")

# (EN, NO) for the exceptions the sandbox raises; the spec's own texts are English descriptions.
TEXTS: dict[str, tuple[str, str]] = {
    "LoginRequiredException": (
        "Access denied: the request carries no API key (header apiKey).",
        "Ingen tilgang: forespørselen mangler API-nøkkel (header apiKey).",
    ),
    "ApiGatewayRestRequestException": (
        "The API key is not valid.",
        "API-nøkkelen er ikke gyldig.",
    ),
    "OrgAccessDeniedException": (
        "Access to the organization was denied.",
        "Tilgang til organisasjonen ble nektet.",
    ),
    "NotFoundIdModelStorageToolException": (
        "The object with the given id was not found.",
        "Objektet med angitt id ble ikke funnet.",
    ),
    "UrlNotFoundException": ("The URL was not found.", "URL-en ble ikke funnet."),
    "UrlMethodNotFoundException": (
        "The HTTP method is not available on this URL.",
        "HTTP-metoden er ikke tilgjengelig for denne URL-en.",
    ),
    "InUseIdModelStorageException": (
        "The object is in use and cannot be deleted.",
        "Objektet er i bruk og kan ikke slettes.",
    ),
    "RestRequestException": (
        "The request could not be read: the body must be a JSON object.",
        "Forespørselen kunne ikke leses: innholdet må være et JSON-objekt.",
    ),
    "PostRequestTooLargeException": (
        "The request body is too large.",
        "Innholdet i forespørselen er for stort.",
    ),
    "ToolException": ("An internal error occurred.", "En intern feil oppstod."),
    "OrgReadOnlyModeException": (
        "The organization is in read-only mode (conta-force-readonly): nothing can be saved.",
        "Organisasjonen er i skrivebeskyttet modus (conta-force-readonly): ingenting kan lagres.",
    ),
    "MaintenanceException": (
        "The service is under maintenance. Try again later.",
        "Tjenesten er under vedlikehold. Prøv igjen senere.",
    ),
    "OrgCannotReceiveEhfException": (
        "The organization cannot receive EHF invoices.",
        "Organisasjonen kan ikke motta EHF-fakturaer.",
    ),
    "TransactionIsNotBalancedException": (
        "The transaction is not balanced.",
        "Bilaget er ikke i balanse.",
    ),
    "BookkeepingAccountNotActiveException": (
        "The bookkeeping account is not active.",
        "Kontoen er ikke aktiv.",
    ),
}

# (EN, NO) per input condition id; `{path}` is the property's path.
CONDITIONS: dict[str, tuple[str, str]] = {
    "required": ("{path} is required.", "{path} er påkrevd."),
    "type": ("{path} has the wrong data type.", "{path} har feil datatype."),
    "enum": ("{path} is not one of the allowed values.", "{path} er ikke en av de tillatte verdiene."),
    "minLength": ("{path} is too short.", "{path} er for kort."),
    "maxLength": ("{path} is too long.", "{path} er for lang."),
    "minimum": ("{path} is too small.", "{path} er for liten."),
    "maximum": ("{path} is too large.", "{path} er for stor."),
    "pattern": ("{path} has an invalid format.", "{path} har ugyldig format."),
    "format": ("{path} has an invalid format.", "{path} har ugyldig format."),
    "sort": ("Sorting by {path} is not supported.", "Sortering på {path} støttes ikke."),
}


def messages(en: str, no: str) -> dict:
    """Both languages, the requested one first."""
    return {"EN": en, "NO": no} if LANGUAGE.get() == "EN" else {"NO": no, "EN": en}


def _texts(name: str) -> tuple[str, str]:
    if name in TEXTS:
        return TEXTS[name]
    component = spec.schemas().get(f"api{name}") or spec.schemas().get(name[:1].lower() + name[1:]) or {}
    described = component.get("description") or next(
        (part.get("description") for part in component.get("allOf", ())[1:] if part.get("description")),
        None,
    )
    en = described or f"The request was refused ({name})."
    return en, f"Forespørselen ble avvist ({name})."


class ContaError(ProviderError):
    """An exception in Conta's envelope. Subclasses fix status, category and name."""

    status = 422
    category = "CUSTOM"
    name = "CustomException"

    def __init__(self, en: str | None = None, no: str | None = None, **properties: Any) -> None:
        super().__init__(self.name)
        default_en, default_no = _texts(self.name)
        self.en, self.no = en or default_en, no or default_no
        self.properties = properties

    def body(self) -> dict:
        out: dict = {"category": self.category, "name": self.name, "messages": messages(self.en, self.no)}
        if self.properties:
            out["properties"] = self.properties
        return out


class ApiError(ContaError):
    category = "API"


class RestRequestException(ApiError):
    status, name = 400, "RestRequestException"


class LoginRequiredException(ApiError):
    status, name = 401, "LoginRequiredException"


class ApiGatewayRestRequestException(ApiError):
    """An `apiKey` that matches no workspace: the gateway refuses it before any route runs."""

    status, name = 401, "ApiGatewayRestRequestException"


class OrgAccessDeniedException(ApiError):
    status, name = 403, "OrgAccessDeniedException"


class NotFoundIdModelStorageToolException(ApiError):
    status, name = 404, "NotFoundIdModelStorageToolException"


class UrlNotFoundException(ApiError):
    status, name = 404, "UrlNotFoundException"


class UrlMethodNotFoundException(ApiError):
    status, name = 405, "UrlMethodNotFoundException"


class InUseIdModelStorageException(ApiError):
    """409: the object has references (a customer with invoices)."""

    status, name = 409, "InUseIdModelStorageException"


class PostRequestTooLargeException(ApiError):
    status, name = 413, "PostRequestTooLargeException"


class ToolException(ApiError):
    status, name = 500, "ToolException"


class OrgReadOnlyModeException(ApiError):
    """500 by the spec: the organization is read-only and the request tried to persist data."""

    status, name = 500, "OrgReadOnlyModeException"


class MaintenanceException(ApiError):
    status, name = 503, "MaintenanceException"


class InputOpException(ContaError):
    """409 INPUT: every failed input condition at once, with the input as the route read it."""

    status, category, name = 409, "INPUT", "InputOpException"

    def __init__(self, errors: Sequence[dict], input: Mapping | None = None) -> None:
        super().__init__()
        self.errors = list(errors)
        self.input = dict(input or {})

    def body(self) -> dict:
        return {"category": self.category, "name": self.name, "input": self.input, "errors": self.errors}


class BusinessException(ContaError):
    """A 422 CUSTOM exception, by its spec name: `BusinessException("PaymentDateInFutureException",
    today="2026-12-02", dateProvided="2026-12-03")`. The name and the property names are checked
    against the spec, so a typo fails the first test that reaches it instead of going out."""

    status, category = 422, "CUSTOM"

    def __init__(self, name: str, /, en: str | None = None, no: str | None = None, **properties: Any) -> None:
        defined = spec.custom_properties().get(name)
        if defined is None:
            raise ValueError(f"{name} is not a custom exception of the spec")
        if set(properties) != set(defined):
            raise ValueError(f"{name} has properties {defined}, not {tuple(properties)}")
        self.name = name
        super().__init__(en, no, **properties)


class OrgCannotReceiveEhfException(BusinessException):
    def __init__(self) -> None:
        super().__init__("OrgCannotReceiveEhfException")


class TransactionIsNotBalancedException(BusinessException):
    def __init__(self, sum: float) -> None:
        super().__init__("TransactionIsNotBalancedException", sum=sum)


class BookkeepingAccountNotActiveException(BusinessException):
    def __init__(self, bookkeeping_account_no: str) -> None:
        super().__init__("BookkeepingAccountNotActiveException", bookkeepingAccountNo=bookkeeping_account_no)


class Done(ProviderError):
    """Not an error: the answer of a request sent with `conta-force-rollback`, raised after it
    was rendered so that the store transaction rolls everything back."""

    def __init__(self, response: Response) -> None:
        super().__init__("rolled back")
        self.response = response


# -- input conditions ------------------------------------------------------------------------


def condition(
    condition_id: str,
    path: str,
    value: Any = None,
    data_type: Iterable[str] = (),
    *,
    en: str | None = None,
    no: str | None = None,
) -> dict:
    """One `errors[]` entry of an `InputOpException` about one property."""
    default_en, default_no = CONDITIONS.get(condition_id, ("{path} is not valid.", "{path} er ikke gyldig."))
    return {
        "type": "propertyCondition",
        "id": condition_id,
        "property": {
            "path": path,
            "value": _json_safe(value),
            "pathName": messages(path, path),
            "dataType": list(data_type),
        },
        "messages": messages(en or default_en.format(path=path), no or default_no.format(path=path)),
    }


def _json_safe(value: Any) -> Any:
    # A query's `hits=1e30` read as an integer is beyond what JSON writers take: echo its text.
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > spec.INT64:
        return str(value)
    return value


def model_condition(condition_id: str, en: str, no: str) -> dict:
    """One `errors[]` entry about the model as a whole (the spec's "Possible input errors" keys,
    such as `mailingAddressIsNotComplete`)."""
    return {"type": "modelCondition", "id": condition_id, "messages": messages(en, no)}


def from_problems(found: Iterable[spec.Problem]) -> list[dict]:
    return [condition(p.condition, p.path, p.value, p.data_type) for p in found]


# -- the error shape -------------------------------------------------------------------------


def json_response(content: Any, status: int = 200) -> Response:
    return JSONResponse(content, status)


_BY_STATUS: dict[int, type[ContaError]] = {
    400: RestRequestException,
    401: LoginRequiredException,
    403: OrgAccessDeniedException,
    404: UrlNotFoundException,
    405: UrlMethodNotFoundException,
    409: InUseIdModelStorageException,
    413: PostRequestTooLargeException,
    500: ToolException,
    503: MaintenanceException,
}


class ContaErrors:
    """Every Conta error answer: the rules' errors, bare statuses, routing, credentials."""

    def render(self, error: ProviderError) -> Response:
        if isinstance(error, Done):
            return error.response
        assert isinstance(error, ContaError)
        return json_response(error.body(), error.status)

    def status(self, status: int, message: str | None = None) -> Response:
        kind = _BY_STATUS.get(status)
        if kind is None:
            # A status the spec's template does not list (a scenario's 429, a slow body's 408):
            # the gateway's generic request exception (4xx) or tool exception (5xx), same envelope.
            kind = ToolException if status >= 500 else RestRequestException
        error = kind(message)
        return json_response(error.body(), status)

    def not_found(self, method: str, path: str) -> Response:
        return self.render(UrlNotFoundException())

    def method_not_allowed(self, method: str, path: str, allowed) -> Response:
        return self.render(UrlMethodNotFoundException())

    def unauthenticated(self, incoming) -> Response:
        from mockserver.providers.conta.auth import presented_key

        token = LANGUAGE.set(language(incoming))
        try:
            if presented_key(incoming) is None:
                return self.render(LoginRequiredException())
            return self.render(ApiGatewayRestRequestException())
        finally:
            LANGUAGE.reset(token)


def language(incoming) -> str:
    """The `conta-language` a request asks for; anything but EN or NO is Conta's default, NO."""
    asked = (incoming.header("conta-language") or "").strip().upper()
    return asked if asked in ("EN", "NO") else "NO"
