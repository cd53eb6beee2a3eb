"""Behind a reverse proxy every request comes from the proxy's address: the lockout and the
throttles must key on the client's address, which the proxies put in X-Forwarded-For, and
never on what a client writes there itself. (bench/proxy.py tries the same behind a real
nginx in front of gunicorn.)"""

import pytest
from django.test import Client
from django.urls import reverse

from core.client_ip import client_ip
from tests.factories import OpinionFactory, ProcessFactory, RespondentFactory, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def behind_the_proxy(client_address: str, sent_by_client: str = "") -> Client:
    """A browser at `client_address` reaching us through one nginx, which appends the address
    it was reached from to whatever X-Forwarded-For the client sent."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_the_client_is_the_address_the_trusted_proxy_saw(rf, settings):
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"  # what the client wrote is not believed
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY  # not through the proxy
    settings.TRUSTED_PROXIES = 2
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2")
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == PROXY  # no proxy trusted: the header means nothing


def test_five_wrong_passwords_from_one_client_do_not_lock_out_another(settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(username="admin", password="ett-långt-lösenord", role="administrator")
    guesser = behind_the_proxy("203.0.113.9")
    for _ in range(5):
        guesser.post(reverse("login"), {"username": "admin", "password": "gissning"})
    assert (
        guesser.post(
            reverse("login"), {"username": "admin", "password": "ett-långt-lösenord"}
        ).status_code
        == 429
    )
    colleague = behind_the_proxy("198.51.100.4", sent_by_client="203.0.113.9")
    response = colleague.post(
        reverse("login"), {"username": "admin", "password": "ett-långt-lösenord"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")


def test_two_hundred_residents_behind_one_address_each_find_their_own_receipt(settings):
    settings.TRUSTED_PROXIES = 1
    process = ProcessFactory(is_public=True)
    respondents = RespondentFactory.create_batch(200, process=process)
    for respondent in respondents:
        OpinionFactory(process=process, respondent=respondent)
    town_hall = Client(REMOTE_ADDR=PROXY)  # the municipality's one public address
    for respondent in respondents:
        response = town_hall.get(reverse("public:receipt", args=[respondent.receipt_code]))
        assert response.status_code == 200, respondent.receipt_code


def test_a_guesser_behind_the_proxy_does_not_close_the_receipt_page_for_others(settings):
    settings.TRUSTED_PROXIES = 1
    respondent = RespondentFactory(process=ProcessFactory(is_public=True))
    guesser = behind_the_proxy("203.0.113.9")
    for attempt in range(30):
        guesser.get(
            reverse(
                "public:receipt", args=[f"ZZZZZZZ{'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[attempt]}"]
            )
        )
    assert guesser.get(reverse("public:receipt", args=["ZZZZZZZZ"])).status_code == 429
    resident = behind_the_proxy("198.51.100.4")
    assert (
        resident.get(reverse("public:receipt", args=[respondent.receipt_code])).status_code == 200
    )
