"""How the JSON API says no: every error is RFC 9457 problem details
(`application/problem+json` with type, title, status and detail), whichever path it comes from:
a missing object (404), a request that does not fit the description (422, with the fields in
`errors`), too many requests (429, with Retry-After), no session (401), a missing CSRF token or
a refusal (403), a body larger than one request may carry (413). Also the API's sign-in (the
staff session, with Django's CSRF check) and its throttle, so that what the description
declares and what is answered are made in one place."""

from __future__ import annotations

import json
import math
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import SessionAuth
from ninja.throttling import SimpleRateThrottle
from ninja.utils import check_csrf
from pydantic import Field

from core.client_ip import throttle_key

PROBLEM = "application/problem+json"


class FieldProblem(Schema):
    loc: list[str | int] = Field(description="where: query, path or body, then the field")
    msg: str
    type: str


class Problem(Schema):
    """RFC 9457 problem details. `type` is always about:blank, so `title` is the HTTP status's
    phrase; `detail` says what went wrong in the user's language."""

    type: str = Field(description="always about:blank: the status says it all")
    title: str = Field(description="the HTTP status phrase, e.g. Not Found")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="what went wrong, in plain words")
    errors: list[FieldProblem] | None = Field(
        None, description="422 only: each field that does not fit the description"
    )


def problem(status: int, detail: str, **members) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **members,
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM)


def _not_found(request, exc) -> HttpResponse:
    return problem(404, _("There is nothing at this address."))


def _invalid(request, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", [])],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors
    ]
    return problem(422, _("The request does not fit the API's description."), errors=errors)


def _throttled(request, exc: Throttled) -> HttpResponse:
    seconds = math.ceil(exc.wait or 1)
    return problem(
        429, _("Too many requests: try again in %(seconds)d seconds.") % {"seconds": seconds}
    )


def _unauthenticated(request, exc) -> HttpResponse:
    return problem(401, _("Sign in first: this operation needs a staff session."))


def _too_large(request, exc) -> HttpResponse:
    most = number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, force_grouping=True)
    return problem(
        413,
        _("The request is larger than the server takes (at most %(most)s bytes): send it in parts.")
        % {"most": most},
    )


def _refused(request, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc))


def install(api) -> None:
    """Every error path of `api` answers with problem details."""
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(ValidationError, _invalid)
    api.add_exception_handler(Throttled, _throttled)
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    api.add_exception_handler(HttpError, _refused)
    api.add_exception_handler(RequestDataTooBig, _too_large)


class StaffSession(SessionAuth):
    """Signed in as staff through the site's login page, and Django's CSRF check passed: the
    X-CSRFToken header equals the csrftoken cookie (over HTTPS, with an Origin or Referer of
    this site). The offline entry page sends just that."""

    def _get_key(self, request):
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403,
                _(
                    "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken "
                    "header."
                ),
            )
        return request.COOKIES.get(self.param_name)


staff_session = StaffSession()


class PerClient(SimpleRateThrottle):
    """API_RATE requests per signed-in user, or per client address for anyone else."""

    scope = "api"

    def __init__(self):
        super().__init__(getattr(settings, "API_RATE", "600/min"))

    def get_cache_key(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            who = f"user-{user.pk}"
        else:
            who = throttle_key(request)
        return self.cache_format % {"scope": self.scope, "ident": who}
