"""What residents wrote reaches the public only through a person's review, and the screen
shows that person what looks like personal data."""

import json

import pytest
from django.urls import reverse

from opinions.analysis.screening import places_of, redact, screen
from opinions.models import Opinion
from opinions.services.publication import publication_review
from opinions.services.records import opinion_register
from tests.factories import (
    AreaFactory,
    DialogueEventFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "anna.berg@example.se"
PHONE = "070-123 45 67"
PERSONNUMMER = "19800101-1234"
SCRIPT = "<script>window.pwned = 1</script>"
SECRETS = [EMAIL, PHONE, PERSONNUMMER, "pwned", "Storgatan 12"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"Mejla mig på {EMAIL}.", ["email"]),
        (f"Ring mig på {PHONE} i kväll.", ["phone"]),
        ("Ring 0565-123 45 eller +46 70 123 45 67.", ["phone", "phone"]),
        (f"Mitt personnummer är {PERSONNUMMER}.", ["personnummer"]),
        ("Samordningsnummer 800161-1234 och 8001011234.", ["personnummer", "personnummer"]),
        ("Jag bor på Storgatan 12 B i Sunne.", ["address"]),
        ("Prata med Kalle Svensson om detta.", ["name"]),
        ("Jag träffade Anna i affären.", ["name"]),
        (SCRIPT, ["markup"]),
        # Nothing to find: place names, numbers that are not phone numbers, a sentence start.
        ("Vi behöver fler bostäder i Sunne och Rottneros.", []),
        ("Bo kvar i Lysvik för att Fryken är vackert.", []),
        ("Det finns 2500 platser och det kostar 12345678 kronor.", []),
    ],
)
def test_the_screen_finds_personal_data(text, kinds):
    places = frozenset({"sunne", "rottneros", "lysvik", "fryken"})
    assert [hit.kind for hit in screen(text, places)] == kinds


def test_redaction_keeps_the_rest_of_the_text():
    text = f"Skicka svar till {EMAIL} eller {PHONE}, tack!"
    assert redact(text, screen(text)) == "Skicka svar till […] eller […], tack!"


def test_the_process_own_place_names_are_not_names_of_people():
    process = ProcessFactory(municipality="Sunne kommun")
    AreaFactory(process=process, name="Östra Ämtervik")
    text = "Bussen mellan Östra Ämtervik och Sunne går för sällan."
    assert screen(text, places_of(process)) == []


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", is_public=True, stage="dialogue_open")
    event = DialogueEventFactory(process=process, title="Lanthandeln i Lysvik")
    facilitator = UserFactory(role="facilitator")
    strategist = UserFactory(username="sara", role="strategist")
    texts = [
        f"Mejla mig på {EMAIL} om cykelvägen.",
        f"Ring {PHONE} om bussarna.",
        f"Jag har personnummer {PERSONNUMMER} och vill ha svar.",
        f"Bättre skolor. {SCRIPT}",
        "Jag bor på Storgatan 12 och vill ha en lekplats.",
        "Fler cykelvägar mellan byarna.",
    ]
    opinions = [
        opinion_register(
            process=process,
            event=event,
            text=text,
            recorded_by=facilitator,
            consent_to_publish=True,
        )[0]
        for text in texts
    ]
    return {"process": process, "opinions": opinions, "strategist": strategist}


def public_texts(client, process) -> str:
    """Everything a resident can read about the process, as one string."""
    urls = [
        reverse("public:process", args=[process.slug]),
        reverse("public:results", args=[process.slug]),
        reverse("public:results", args=[process.slug]) + "?q=cykelv%C3%A4gen",
        reverse("public:outcome", args=[process.slug]),
        reverse("public:brochure", args=[process.slug]),
        reverse("public:open_data_file", args=[process.slug, "opinions", "csv"]),
        reverse("public:open_data_file", args=[process.slug, "opinions", "json"]),
        reverse("public:open_data_file", args=[process.slug, "statistics", "json"]),
        reverse("api:public_opinions", kwargs={"slug": process.slug}),
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        pages.append(json.dumps(json.loads(body), ensure_ascii=False) if "json" in url else body)
    for opinion in Opinion.objects.filter(process=process).select_related("respondent"):
        if opinion.respondent:
            pages.append(
                client.get(reverse("public:receipt", args=[opinion.respondent])).content.decode()
            )
    return "\n".join(pages)


def test_nothing_reaches_the_public_before_review(client, world):
    everything = public_texts(client, world["process"])
    for secret in [*SECRETS, "cykelvägar", "Bättre skolor"]:
        assert secret not in everything, secret


def test_approved_with_the_screens_redaction_no_personal_data_is_shown(client, world):
    strategist, process = world["strategist"], world["process"]
    client.force_login(strategist)
    page = client.get(reverse("staff:publication_review", args=[process.slug])).content.decode()
    # The moderator sees each hit marked, and the proposed text already redacted.
    assert f'<mark class="screened" title="e-postadress">{EMAIL}' in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "<script>window.pwned" not in page
    for opinion in world["opinions"][:5]:
        proposed = redact(opinion.original_text, screen(opinion.original_text))
        response = client.post(
            reverse("staff:publication_decide", args=[process.slug, opinion.pk]),
            {f"o{opinion.pk}-published_text": proposed, f"o{opinion.pk}-decision": "approve"},
        )
        assert response.status_code == 302
    # The one with nothing found is approved in bulk.
    response = client.post(
        reverse("staff:publication_approve_clean", args=[process.slug]),
        {"opinion": [o.pk for o in world["opinions"]]},
    )
    assert response.status_code == 302
    assert Opinion.objects.filter(publication="approved").count() == 6
    client.logout()

    everything = public_texts(client, process)
    for secret in SECRETS:
        assert secret not in everything, secret
    assert "Mejla mig på […] om cykelvägen." in everything
    assert "Fler cykelvägar mellan byarna." in everything
    # The original stays as registered: a public record.
    assert Opinion.objects.get(pk=world["opinions"][0].pk).original_text.endswith(
        f"{EMAIL} om cykelvägen."
    )


def test_markup_approved_as_written_is_shown_as_text(client, world):
    opinion = world["opinions"][3]
    publication_review(
        opinion=opinion,
        reviewer=world["strategist"],
        approve=True,
        published_text=opinion.original_text,
    )
    page = client.get(reverse("public:results", args=[world["process"].slug])).content.decode()
    assert "Bättre skolor. &lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "<script>window.pwned" not in page


def test_bulk_approval_leaves_every_opinion_with_a_hit(client, world):
    client.force_login(world["strategist"])
    client.post(
        reverse("staff:publication_approve_clean", args=[world["process"].slug]),
        {"opinion": [o.pk for o in world["opinions"]]},
    )
    approved = Opinion.objects.filter(publication="approved")
    assert list(approved.values_list("original_text", flat=True)) == [
        "Fler cykelvägar mellan byarna."
    ]


def test_an_opinion_without_consent_cannot_be_approved(client, world):
    opinion = world["opinions"][5]
    Opinion.objects.filter(pk=opinion.pk).update(consent_to_publish=False)
    with pytest.raises(Exception, match="inte gått med på"):
        publication_review(
            opinion=opinion, reviewer=world["strategist"], approve=True, published_text="x"
        )
    assert Opinion.objects.get(pk=opinion.pk).publication == "not_reviewed"


def test_an_empty_published_text_is_refused_beside_the_field(client, world):
    opinion = world["opinions"][5]
    client.force_login(world["strategist"])
    response = client.post(
        reverse("staff:publication_decide", args=[world["process"].slug, opinion.pk]),
        {f"o{opinion.pk}-published_text": "  ", f"o{opinion.pk}-decision": "approve"},
    )
    assert response.status_code == 400
    assert "Skriv texten som ska publiceras." in response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).publication == "not_reviewed"


def test_a_facilitator_or_politician_cannot_review(client, world):
    for role in ("facilitator", "politician"):
        client.force_login(UserFactory(role=role))
        opinion = world["opinions"][5]
        response = client.post(
            reverse("staff:publication_decide", args=[world["process"].slug, opinion.pk]),
            {f"o{opinion.pk}-published_text": "x", f"o{opinion.pk}-decision": "approve"},
        )
        assert response.status_code == 403
    assert not Opinion.objects.filter(publication="approved").exists()
