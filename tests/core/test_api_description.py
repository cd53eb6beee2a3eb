"""The API's OpenAPI description is enough for a client generated from it: it is valid OpenAPI
(openapi-spec-validator), says how to authenticate, declares its limits, and declares every
error as RFC 9457 problem details, the one shape every error path really answers in."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from tests.factories import DialogueEventFactory, ProcessFactory, UserFactory

PROBLEM = "application/problem+json"


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json()


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_the_served_description_is_valid_openapi(spec):
    validate(spec)  # raises on any error


def test_every_operation_declares_its_errors_as_problem_details(spec):
    problem = spec["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    for name, operation in operations(spec):
        errors = {code for code in operation["responses"] if code.startswith("4")}
        expected = {"429"}
        if operation.get("parameters") or "requestBody" in operation:
            expected.add("422")
        if "requestBody" in operation:
            expected |= {"400", "413"}  # not JSON at all; larger than a request may be
        if "{" in name:
            expected.add("404")
        if operation.get("security"):
            expected |= {"401", "403"}
        assert errors == expected, name
        for code in errors:
            content = operation["responses"][code]["content"]
            assert list(content) == [PROBLEM], (name, code)
            assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_signing_in_is_described_with_the_csrf_header_and_cookie(spec):
    schemes = spec["components"]["securitySchemes"]
    (sync,) = [op for name, op in operations(spec) if name.startswith("POST")]
    (requirement,) = sync["security"]
    declared = {(schemes[name]["in"], schemes[name]["name"]) for name in requirement}
    assert declared == {
        ("cookie", "sessionid"),
        ("cookie", "csrftoken"),
        ("header", "X-CSRFToken"),
    }
    assert all(schemes[name].get("description") for name in requirement)
    assert "/accounts/login/" in spec["info"]["description"]


def test_limits_are_declared(spec):
    schemas = spec["components"]["schemas"]
    (opinions,) = [op for name, op in operations(spec) if name.endswith("/opinions")]
    page_size = next(p for p in opinions["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 100
    assert schemas["SyncIn"]["properties"]["opinions"]["maxItems"] == 5000
    assert schemas["OpinionIn"]["properties"]["text"]["maxLength"] == 10_000
    receipt = schemas["RespondentIn"]["properties"]["receipt_code"]
    assert receipt["pattern"] == "^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$"
    assert "30-44" in schemas["RespondentIn"]["properties"]["age_band"]["enum"]


def test_every_declared_schema_is_used(spec):
    text = json.dumps({key: value for key, value in spec.items() if key != "components"})
    schemas = spec["components"]["schemas"]
    text += json.dumps(schemas)
    unused = [name for name in schemas if f'"#/components/schemas/{name}"' not in text]
    assert not unused


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    return body


@pytest.mark.django_db
def test_every_error_path_answers_with_problem_details(client, monkeypatch):
    assert_problem(client.get("/api/v1/public/processes/no-such-process"), 404)
    body = assert_problem(client.get("/api/v1/public/processes/x/opinions?page_size=101"), 422)
    assert body["errors"][0]["loc"] == ["query", "page_size"]
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    event = DialogueEventFactory(process=process, slug="torget")
    url = reverse("api:event_sync", args=["sunne", "torget"])
    assert_problem(client.post(url, "{}", content_type="application/json"), 401)
    guarded = Client(enforce_csrf_checks=True)
    facilitator = UserFactory(role="facilitator")
    event.facilitators.add(facilitator)
    guarded.force_login(facilitator)
    assert "CSRF" in assert_problem(guarded.post(url, "{}", "application/json"), 403)["detail"]
    client.force_login(UserFactory(role="facilitator"))  # not this event's
    body = assert_problem(client.post(url, "{}", content_type="application/json"), 403)
    assert body["detail"] == "Du är inte samtalsledare för den här aktiviteten."
    client.force_login(facilitator)
    assert_problem(client.post(url, "[1", content_type="application/json"), 400)
    body = assert_problem(client.post(url, '{"opinions": 3}', content_type="application/json"), 422)
    assert body["errors"][0]["loc"] == ["body", "payload", "opinions"]


@pytest.mark.django_db
def test_too_many_requests_are_told_when_to_come_back(client, monkeypatch):
    from sunnemodel.api import api

    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 3)
    for _ in range(3):
        assert client.get("/api/v1/public/processes").status_code == 200
    response = client.get("/api/v1/public/processes")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
