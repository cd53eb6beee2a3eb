"""Every URL pattern of the URLconf, given hostile path segments and query strings, as
anonymous and as each role: no server error, whatever is asked."""

import re

import pytest
from django.urls import reverse

from tests.core.test_permission_grid import OWN_PATTERNS, ROLES, url_for

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
SEGMENTS = {
    "int": [HUGE, "9223372036854775808"],
    "slug": ["a" * 300, "-"],
    "str": ["%ff%fe%00", "a" * 3000, "ABCD%2FEFGH", "😀"],
}
# Each query string names every parameter a page reads somewhere, with hostile values.
QUERIES = [
    f"?page={HUGE}&page_size={HUGE}&from={HUGE}&to=-1&by=<script>&fmt=../../etc/passwd",
    "?page=-1&page_size=0&code=ABCD/EFGH&category=%00&event=abc&question=" + HUGE,
    "?q=" + "+".join(f"ord{n}" for n in range(500)) + "&whole=%ff",
    "?q=%ff%fe%00&" + "x" * 8000,
]


def hostile_urls(name: str, route: str, kwargs: dict) -> list[str]:
    """The address with each kind of path segment replaced by hostile values, one at a time,
    and the plain address with each hostile query string."""
    plain = url_for(name, kwargs)
    urls = [plain + query for query in QUERIES]
    for kind, values in SEGMENTS.items():
        for match in re.finditer(rf"<{kind}:(\w+)>", route):
            for value in values:
                urls.append(_replace_segment(plain, route, match.group(1), kwargs, value))
    return [url for url in urls if url]


def _replace_segment(plain: str, route: str, name: str, kwargs: dict, value: str) -> str | None:
    """The address with the value of segment `name` replaced by `value` (as text: it need not
    be a value the converter accepts, the resolver then answers 404)."""
    known = {
        "slug": kwargs["slug"],
        "event_slug": kwargs["event_slug"],
        "code": kwargs["code"],
    }
    if name in known and f"/{known[name]}/" in plain:
        return plain.replace(f"/{known[name]}/", f"/{value}/", 1)
    numbers = re.findall(r"/(\d+)/", plain)
    if name in ("pk", "number") and numbers:
        return re.sub(rf"/{numbers[-1]}/", f"/{value}/", plain, count=1)
    return None


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_address_makes_a_server_error(client, world, role):
    client.raise_request_exception = False
    if role != "anonymous":
        client.force_login(world["users"][role])
    failures = []
    for name, route, _callback in OWN_PATTERNS:
        if name in ("logout", "set_language") or name.startswith("api:openapi"):
            continue
        for url in hostile_urls(name, route, world["kwargs"]):
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{status} {url[:160]}")
    assert not failures, "\n".join(failures)


def test_the_fuzz_reaches_every_pattern(world):
    reached = [
        name for name, route, _ in OWN_PATTERNS if hostile_urls(name, route, world["kwargs"])
    ]
    assert len(reached) >= len(OWN_PATTERNS) - 4
    assert reverse("home")
