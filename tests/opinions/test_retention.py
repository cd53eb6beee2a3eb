"""Gallring: contact details go when their date has passed, every opinion stays as it was,
the log says how many and never what; and a register extract shows a person's data."""

import datetime
import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opinions.models import Opinion, RegisterExtract, RespondentContact, RetentionLog
from opinions.services.privacy import purge_expired
from opinions.services.records import opinion_correct
from tests.factories import OpinionFactory, ProcessFactory, RespondentFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL, PHONE = "karin.lind@example.se", "070-765 43 21"


def world():
    process = ProcessFactory()
    today = timezone.localdate()
    people = []
    for number, days in enumerate((30, 400, 730)):
        respondent = RespondentFactory(process=process, age_band="30-44")
        RespondentContact.objects.create(
            respondent=respondent,
            email=EMAIL if number == 0 else f"person{number}@example.se",
            phone=PHONE if number == 1 else "",
            consent_given_at=timezone.now(),
            retain_until=today + datetime.timedelta(days=days),
        )
        for text in ("Fler bussar till Lysvik.", "Behåll skolan i Gräsmark."):
            OpinionFactory(process=process, respondent=respondent, original_text=text)
        people.append(respondent)
    opinion_correct(
        opinion=people[0].opinions.first(),
        text="Fler bussar till Lysvik!",
        corrected_by=UserFactory(),
    )
    return people


def opinions_as_they_are() -> str:
    return serializers.serialize("json", Opinion.objects.order_by("pk"))


def test_after_the_retention_date_no_contact_detail_is_left_and_every_opinion_intact():
    world()
    before = opinions_as_they_are()
    assert purge_expired().removed == 0  # nothing has passed its date yet
    assert RespondentContact.objects.count() == 3

    later = timezone.localdate() + datetime.timedelta(days=731)
    log = purge_expired(today=later)

    assert RespondentContact.objects.count() == 0
    assert opinions_as_they_are() == before  # every opinion, every field, as it was
    assert log.removed == 3
    # The log tells how many and when, never what was removed.
    logged = serializers.serialize("json", RetentionLog.objects.all())
    assert EMAIL not in logged
    assert "070" not in logged
    assert [entry.removed for entry in RetentionLog.objects.order_by("ran_at")] == [0, 3]


def test_the_command_runs_the_rule_and_says_how_many():
    people = world()
    RespondentContact.objects.filter(respondent=people[0]).update(
        retain_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    out = io.StringIO()
    call_command("purge_contacts", stdout=out)
    assert "Deleted 1 contacts" in out.getvalue()
    assert not RespondentContact.objects.filter(respondent=people[0]).exists()
    assert Opinion.objects.filter(respondent=people[0]).count() == 2


def test_a_register_extract_finds_a_person_by_receipt_code_email_or_phone(
    administrator_client, administrator
):
    people = world()
    url = reverse("staff:register_extract")
    for query, who in (
        (people[0].receipt_code.lower(), people[0]),
        (EMAIL.upper(), people[0]),
        (PHONE, people[1]),
    ):
        page = administrator_client.post(url, {"query": query}).content.decode()
        assert "1 deltagare hittades" in page
        assert who.receipt_code in page
        others = [p for p in people if p != who]
        assert all(other.receipt_code not in page for other in others)
    download = administrator_client.post(url, {"query": EMAIL, "download": "1"})
    data = json.loads(download.content)
    (person,) = data["respondents"]
    assert person["contact_for_feedback"]["email"] == EMAIL
    assert person["age_band"] == "30–44"
    texts = sorted(o["text_as_registered"] for o in person["opinions"])
    assert texts == ["Behåll skolan i Gräsmark.", "Fler bussar till Lysvik."]
    corrected = next(o for o in person["opinions"] if o["corrections"])
    assert corrected["corrections"][0]["text"] == "Fler bussar till Lysvik!"
    # Each extract is logged, without what was asked or found.
    assert RegisterExtract.objects.count() == 4
    assert EMAIL not in serializers.serialize("json", RegisterExtract.objects.all())


def test_no_one_is_found_by_a_part_of_an_address(administrator_client):
    world()
    page = administrator_client.post(
        reverse("staff:register_extract"), {"query": "example.se"}
    ).content.decode()
    assert "0 deltagare hittades" in page
