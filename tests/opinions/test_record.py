"""The record stays honest: corrections are new versions, deletion is soft, all in the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opinions.models import Opinion, OpinionVersion
from opinions.services.records import opinion_correct
from public import site
from tests.factories import (
    DialogueEventFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinion(facilitator_user):
    event = DialogueEventFactory(process=ProcessFactory(slug="sunne"), slug="lysvik")
    return OpinionFactory(
        process=event.process,
        event=event,
        recorded_by=facilitator_user,
        original_text="Bättre bussar till Lysvk.",
    )


def test_a_correction_is_a_new_version_and_the_original_stays(client, opinion, facilitator_user):
    client.force_login(facilitator_user)
    url = reverse("staff:opinion_correct", kwargs={"pk": opinion.pk})
    response = client.post(
        url, {"text": "Bättre bussar till Lysvik.", "reason": "Stavfel"}, follow=True
    )
    text = response.content.decode()
    assert "Rättelsen är sparad som en ny version." in text
    opinion.refresh_from_db()
    assert opinion.original_text == "Bättre bussar till Lysvk."
    version = OpinionVersion.objects.get()
    assert (version.number, version.text, version.reason, version.corrected_by) == (
        2,
        "Bättre bussar till Lysvik.",
        "Stavfel",
        facilitator_user,
    )
    assert text.index("Bättre bussar till Lysvk.") < text.index(
        "Version 2"
    )  # the history, in order


def test_an_unchanged_text_is_not_a_correction(client, opinion, facilitator_user):
    client.force_login(facilitator_user)
    url = reverse("staff:opinion_correct", kwargs={"pk": opinion.pk})
    response = client.post(url, {"text": "Bättre bussar till Lysvk."})
    assert "Texten är densamma som förut." in response.content.decode()
    assert not OpinionVersion.objects.exists()


def test_only_the_recorder_or_an_administrator_may_correct_or_delete(
    client, opinion, administrator
):
    client.force_login(UserFactory(role="facilitator"))
    for name in ("staff:opinion_correct", "staff:opinion_delete"):
        assert (
            client.post(
                reverse(name, kwargs={"pk": opinion.pk}), {"text": "x", "reason": "x"}
            ).status_code
            == 403
        )
    client.force_login(administrator)
    client.post(reverse("staff:opinion_correct", kwargs={"pk": opinion.pk}), {"text": "Rättad."})
    assert OpinionVersion.objects.get().corrected_by == administrator


def test_deletion_is_soft_needs_a_reason_and_shows_in_the_history(
    client, opinion, facilitator_user
):
    client.force_login(facilitator_user)
    url = reverse("staff:opinion_delete", kwargs={"pk": opinion.pk})
    response = client.post(url, {"reason": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()
    opinion.refresh_from_db()
    assert not opinion.is_deleted

    response = client.post(url, {"reason": "Registrerad två gånger av misstag."}, follow=True)
    text = response.content.decode()
    assert "Synpunkten är markerad som raderad; den finns kvar i diariet." in text
    assert "Registrerad två gånger av misstag." in text
    opinion.refresh_from_db()
    assert opinion.is_deleted
    assert opinion.deleted_by == facilitator_user
    assert Opinion.objects.filter(pk=opinion.pk).exists()
    assert not Opinion.objects.counted().filter(pk=opinion.pk).exists()
    with pytest.raises(Exception, match="raderad synpunkt"):
        opinion_correct(opinion=opinion, text="Ny text", corrected_by=facilitator_user)


def queries(client, url) -> int:
    site.current()  # the site's profile, which every page shows, is kept across pages
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_event_list_and_the_detail_cost_the_same_at_3_and_300(client, administrator):
    client.force_login(administrator)
    counts = []
    for rows in (3, 300):
        event = DialogueEventFactory()
        respondent = RespondentFactory(process=event.process)
        opinions = OpinionFactory.create_batch(
            rows,
            process=event.process,
            event=event,
            respondent=respondent,
            recorded_by=administrator,
        )
        for item in opinions[:rows]:
            opinion_correct(
                opinion=item, text=item.original_text + " (rättad)", corrected_by=administrator
            )
        for number in range(rows):
            opinion_correct(
                opinion=opinions[0], text=f"Version {number}", corrected_by=administrator
            )
        list_url = reverse(
            "staff:event_opinions", kwargs={"slug": event.process.slug, "event_slug": event.slug}
        )
        detail_url = reverse("staff:opinion_detail", kwargs={"pk": opinions[0].pk})
        counts.append((queries(client, list_url), queries(client, detail_url)))
    assert counts[0] == counts[1], counts
    assert counts[1][0] <= 10, counts  # with the count of the pages and the page's ids
    assert counts[1][1] <= 11, counts  # three reads of the history, one of the teams


def test_the_receipt_page_costs_the_same_at_3_and_300_opinions(client):
    counts = []
    for rows in (3, 300):
        respondent = RespondentFactory()
        OpinionFactory.create_batch(rows, process=respondent.process, respondent=respondent)
        url = reverse("public:receipt", kwargs={"code": respondent.receipt_code})
        counts.append(queries(client, url))
        assert f"Synpunkt {rows}, lämnad" in client.get(url).content.decode()
    assert counts[0] == counts[1], counts
    assert counts[1] <= 9, counts


def test_an_events_opinions_come_a_page_at_a_time(client, opinion, facilitator_user):
    """An event at Grand-Débat scale holds 100,000 opinions: listed whole, the page took 36 s
    (a worker's timeout). It shows 50 at a time, oldest first, with the way to the others."""
    event = opinion.event
    OpinionFactory.create_batch(119, process=event.process, event=event)
    client.force_login(facilitator_user)
    url = reverse("staff:event_opinions", kwargs={"slug": "sunne", "event_slug": "lysvik"})
    first = client.get(url).content.decode()
    assert first.count('<tr class="opinion-row') == 50
    assert "Sida 1 av 3" in first
    assert "Bättre bussar till Lysvk." in first  # the oldest first
    assert 'href="?page=2"' in first
    last = client.get(url + "?page=3").content.decode()
    assert last.count('<tr class="opinion-row') == 20
    assert "Sida 3 av 3" in last
