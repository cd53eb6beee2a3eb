"""The JSON API, described by OpenAPI at /api/v1/openapi.json (browsable at /api/v1/docs).

The description is meant to be enough for a generated client: how to sign in (the staff
session and Django's CSRF token, as three security schemes that go together), every error as
RFC 9457 problem details on every operation (core/api_errors.py, which also answers them), and
the limits."""

from __future__ import annotations

import json
from http import HTTPStatus

from ninja import NinjaAPI

from core import api_errors
from opinions.api import router as opinions_router
from public.api import router as public_router

DESCRIPTION = """\
Registering opinions from the entry page (a staff login is needed), and the public site's data,
read-only and open to anyone: processes, published opinions, statistics.

**Signing in** (the sync operation only). The API uses a staff member's session on the site:
`GET /accounts/login/` sets the `csrftoken` cookie; `POST /accounts/login/` with the form fields
`username`, `password` and `csrfmiddlewaretoken` (the cookie's value) sets the `sessionid`
cookie. Send both cookies, and the `csrftoken` cookie's value again in the `X-CSRFToken` header;
over HTTPS, also an `Origin` (or `Referer`) header naming the site, as Django's CSRF check asks.

**Errors** are RFC 9457 problem details (`application/problem+json`: `type`, `title`,
`status`, `detail`; a 422 also lists the fields in `errors`). `detail` is in the language of
the `Accept-Language` header (Swedish by default).

**Limits**: at most 600 requests a minute from one client address, or one signed-in user
(then 429 with `Retry-After`); pages of at most 100 opinions; at most 5000 respondents and
5000 opinions a batch, and at most 2.5 MB a request (else 413; send a larger batch in parts: each
item is stored once by its `client_uuid`).
"""

SECURITY_SCHEMES = {
    "StaffSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": "The session cookie set by signing in at /accounts/login/.",
    },
    "CSRFCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "csrftoken",
        "description": "Django's CSRF cookie, set by GET /accounts/login/ (or any form page).",
    },
    "CSRFHeader": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
        "description": "The csrftoken cookie's value, sent back in this header on every write.",
    },
}


def _errors_of(path: str, operation: dict) -> list[int]:
    """The error statuses an operation can answer with."""
    statuses = [429]
    if "{" in path:
        statuses.append(404)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.append(422)
    if "requestBody" in operation:
        statuses += [400, 413]  # not JSON at all; larger than DATA_UPLOAD_MAX_MEMORY_SIZE
    if operation.get("security"):
        statuses += [401, 403]
    return sorted(statuses)


def _used(schema: dict, name: str) -> bool:
    others = {key: value for key, value in schema["components"]["schemas"].items() if key != name}
    text = json.dumps([schema["paths"], others])
    return f'"#/components/schemas/{name}"' in text


class SunneAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        components = schema["components"]
        problem = api_errors.Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components["schemas"].update(problem.pop("$defs", {}))
        components["schemas"]["Problem"] = problem
        content = {api_errors.PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, methods in schema["paths"].items():
            for operation in methods.values():
                if operation.get("security"):
                    operation["security"] = [{name: [] for name in SECURITY_SCHEMES}]
                for status in _errors_of(path, operation):
                    phrase = HTTPStatus(status).phrase
                    operation["responses"][str(status)] = {
                        "description": phrase,
                        "content": content,
                    }
        components["securitySchemes"] = dict(SECURITY_SCHEMES)
        for name in list(components["schemas"]):
            if not _used(schema, name):
                del components["schemas"][name]  # ninja's own, such as a pagination's input
        return schema


api = SunneAPI(
    title="Sunnemodellen API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    throttle=[api_errors.PerClient()],
)
api_errors.install(api)
api.add_router("/", opinions_router)
api.add_router("/", public_router)
