"""Taking part online: an online event of an open dialogue takes residents' opinions on a public
form, into the same record, history and review as a facilitator's; against abuse without
tracking anyone, a honeypot, a time-to-fill check and a throttle on the client's address. And
the receipt shows its holder their own words, with personal data masked."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from dialogues.models import DialogueEvent, Process
from dialogues.services import process_move
from dialogues.stages import Stage
from opinions.models import Opinion, Respondent
from opinions.services.publication import publication_review
from public import online
from tests.factories import (
    AreaFactory,
    DialogueEventFactory,
    GuidingQuestionFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PHONE = "070-123 45 67"
PROXY = "127.0.0.1"


@pytest.fixture
def world():
    process = ProcessFactory(slug="sunne", stage=Stage.DIALOGUE_OPEN, is_public=True)
    questions = [
        GuidingQuestionFactory(process=process, text="Vad vill du att Sunne ska vara känt för?"),
        GuidingQuestionFactory(process=process, text="Hur vill du att det ska se ut i Sunne?"),
    ]
    area = AreaFactory(process=process, name="Lysvik")
    event = DialogueEventFactory(
        process=process, slug="webben", kind=DialogueEvent.Kind.ONLINE, title="Tyck till på webben"
    )
    return {"process": process, "questions": questions, "area": area, "event": event}


def form_url(world) -> str:
    return reverse("public:online", args=[world["process"].slug, world["event"].slug])


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def answers(world, client: Client | None = None, **extra) -> dict:
    """What a resident sends: two opinions, a profile, consent, and the form's own token."""
    client = client or Client()
    first, second = world["questions"]
    return {
        "token": token_of(client.get(form_url(world)).content.decode()),
        f"answer-{first.pk}": "Känt för Fryken och Selma Lagerlöf.",
        f"answer-{second.pk}": f"Fler cykelvägar. Ring mig gärna på {PHONE}.",
        "age_band": "30-44",
        "area": str(world["area"].pk),
        "role": "resident",
        "consent": "on",
        "website": "",
        **extra,
    }


@pytest.fixture
def patient(monkeypatch):
    """A resident who took their time: the time-to-fill check lets them through at once."""
    monkeypatch.setattr(online, "MIN_SECONDS", 0)


def test_a_resident_gives_two_opinions_and_they_wait_for_review_with_history(
    client, world, patient
):
    response = client.post(form_url(world), answers(world, client))
    assert response.status_code == 302
    respondent = Respondent.objects.get(process=world["process"])
    assert response["Location"] == reverse("public:receipt", args=[respondent.receipt_code])
    assert re.fullmatch(r"[A-Z2-9]{8}", respondent.receipt_code)
    assert (respondent.event, respondent.age_band, respondent.area, respondent.role) == (
        world["event"],
        "30-44",
        world["area"],
        "resident",
    )
    opinions = Opinion.objects.filter(respondent=respondent).order_by("question__order")
    assert [o.question for o in opinions] == world["questions"]
    assert opinions[1].original_text == f"Fler cykelvägar. Ring mig gärna på {PHONE}."
    for opinion in opinions:
        assert opinion.event == world["event"]
        assert opinion.consent_to_publish
        assert opinion.publication == Opinion.Publication.NOT_REVIEWED
        assert [h.history_type for h in opinion.history.all()] == ["+"]
    # The receipt names the code; the strategist finds both in the review queue; the public
    # does not see them until reviewed.
    page = client.get(response["Location"]).content.decode()
    assert respondent.receipt_code in page
    assert "Tack!" in page
    strategist = UserFactory(role="strategist")
    client.force_login(strategist)
    queue = client.get(reverse("staff:publication_review", args=["sunne"])).content.decode()
    assert "Känt för Fryken" in queue
    assert "Fler cykelvägar" in queue
    client.logout()
    results = client.get(reverse("public:results", args=["sunne"])).content.decode()
    assert "Fler cykelvägar" not in results


def test_a_resident_may_give_one_opinion_but_not_none(client, world, patient):
    first, second = world["questions"]
    empty = answers(world, client, **{f"answer-{first.pk}": " ", f"answer-{second.pk}": ""})
    response = client.post(form_url(world), empty)
    assert response.status_code == 400
    assert "Skriv minst en synpunkt" in response.content.decode()
    assert not Opinion.objects.exists()
    one = answers(world, client, **{f"answer-{second.pk}": ""})
    assert client.post(form_url(world), one).status_code == 302
    assert Opinion.objects.count() == 1


def test_the_form_also_takes_an_opinion_outside_the_questions(client, world, patient):
    first, second = world["questions"]
    data = answers(
        world,
        client,
        **{f"answer-{first.pk}": "", f"answer-{second.pk}": "", "answer-other": "Mer ljus."},
    )
    assert client.post(form_url(world), data).status_code == 302
    assert Opinion.objects.get().question is None


def test_a_filled_honeypot_stores_nothing(client, world, patient):
    response = client.post(form_url(world), answers(world, client, website="http://spam.example"))
    assert response.status_code == 400
    assert not Respondent.objects.exists()
    assert not Opinion.objects.exists()


def test_a_form_sent_within_seconds_is_refused_kindly_and_the_texts_are_kept(client, world):
    data = answers(world, client)
    response = client.post(form_url(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det gick väldigt fort" in page
    assert "Känt för Fryken och Selma Lagerlöf." in page  # nothing to type again
    assert not Opinion.objects.exists()
    # Sent again a moment later (here: with no wait needed), the same form goes through.
    online.MIN_SECONDS, before = 0, online.MIN_SECONDS
    try:
        assert client.post(form_url(world), {**data, "token": token_of(page)}).status_code == 302
    finally:
        online.MIN_SECONDS = before
    assert Opinion.objects.count() == 2


def test_a_made_up_token_is_not_believed(client, world, patient):
    data = answers(world, client, token="eyJ0IjogMH0:forged:signature")
    response = client.post(form_url(world), data)
    assert response.status_code == 400
    assert not Opinion.objects.exists()


def test_the_same_form_sent_twice_is_stored_once(client, world, patient):
    data = answers(world, client)
    first = client.post(form_url(world), data)
    second = client.post(form_url(world), data)
    assert first["Location"] == second["Location"]
    assert Opinion.objects.count() == 2
    assert Respondent.objects.count() == 1


def behind_the_proxy(client_address: str, sent_by_client: str = "") -> Client:
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_many_sendings_from_one_address_are_throttled_and_another_address_is_not(
    world, patient, settings
):
    settings.TRUSTED_PROXIES = 1
    flooder = behind_the_proxy("203.0.113.9")
    data = answers(world, flooder)
    limit = int(online.SENDINGS.split("/")[0])
    for _ in range(limit):
        flooder.post(form_url(world), {**data, "website": "spam"})  # each counts
    response = flooder.post(form_url(world), data)
    assert response.status_code == 429
    assert "Många synpunkter har skickats" in response.content.decode()
    assert not Opinion.objects.exists()
    # A neighbour behind the same proxy, even one that writes the flooder's address itself.
    neighbour = behind_the_proxy("198.51.100.4", sent_by_client="203.0.113.9")
    assert neighbour.post(form_url(world), answers(world, neighbour)).status_code == 302
    assert Opinion.objects.count() == 2


@pytest.mark.parametrize("stage", [Stage.QUESTIONS_APPROVED, Stage.ANALYSIS, Stage.ADOPTED])
def test_the_form_says_it_is_closed_outside_the_open_dialogue(client, world, patient, stage):
    data = answers(world, client)
    Process.objects.filter(pk=world["process"].pk).update(stage=stage)
    page = client.get(form_url(world))
    assert page.status_code == 200
    assert "tar inte emot synpunkter" in page.content.decode()
    assert "<textarea" not in page.content.decode()
    response = client.post(form_url(world), data)
    assert response.status_code == 409
    assert "Känt för Fryken och Selma Lagerlöf." in response.content.decode()  # to keep
    assert not Opinion.objects.exists()


def test_only_an_online_event_of_a_public_process_has_a_form(client, world):
    other = DialogueEventFactory(process=world["process"], slug="torget")
    assert client.get(reverse("public:online", args=["sunne", other.slug])).status_code == 404
    Process.objects.filter(pk=world["process"].pk).update(is_public=False)
    assert client.get(form_url(world)).status_code == 404


def test_the_home_and_process_pages_link_to_the_form_only_while_the_dialogue_is_open(
    client, world, django_capture_on_commit_callbacks
):
    page = client.get(reverse("public:process", args=["sunne"])).content.decode()
    assert f'href="{form_url(world)}"' in page
    assert "Lämna din synpunkt här" in page
    home = client.get(reverse("home")).content.decode()
    assert f'href="{form_url(world)}"' in home
    assert "Lämna din synpunkt på webben" in home
    OpinionFactory(process=world["process"])  # the analysis needs something to analyse
    with django_capture_on_commit_callbacks(execute=True):
        process_move(
            process=world["process"],
            to_stage=Stage.ANALYSIS,
            moved_by=UserFactory(is_superuser=True),
        )
    for address in (reverse("public:process", args=["sunne"]), reverse("home")):
        assert f'href="{form_url(world)}"' not in client.get(address).content.decode()


def test_the_form_is_made_for_each_visitor_and_tells_what_is_collected(client, world):
    first = client.get(form_url(world))
    second = Client().get(form_url(world))
    assert token_of(first.content.decode()) != token_of(second.content.decode())
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "no-store" in first["Cache-Control"]
    page = first.content.decode()
    assert "Vi frågar inte efter ditt namn" in page
    for question in world["questions"]:
        assert question.text in page


# My opinion: the receipt shows its holder their own words --------------------------------------


def test_the_receipt_shows_the_holder_their_words_masked_and_what_became_of_each(client, world):
    process, user = world["process"], UserFactory()
    respondent = RespondentFactory(process=process)
    waiting = OpinionFactory(
        process=process,
        respondent=respondent,
        consent_to_publish=True,
        original_text=f"Ring mig på {PHONE} eller mejla anna.berg@example.se om busslinjen.",
    )
    published = OpinionFactory(
        process=process,
        respondent=respondent,
        consent_to_publish=True,
        original_text="Bygg en badplats vid Fryken, sa Kalle Svensson.",
    )
    publication_review(
        opinion=published,
        reviewer=user,
        approve=True,
        published_text="Bygg en badplats vid Fryken.",
    )
    OpinionFactory(
        process=process,
        respondent=respondent,
        consent_to_publish=False,
        original_text="Mitt personnummer är 19800101-1234, skolan behöver fler lärare.",
    )
    page = client.get(reverse("public:receipt", args=[respondent.receipt_code])).content.decode()
    for secret in (PHONE, "anna.berg@example.se", "19800101-1234", "Kalle Svensson"):
        assert secret not in page
    assert "Ring mig på [telefonnummer] eller mejla [e-postadress] om busslinjen." in page
    assert "Mitt personnummer är [personnummer], skolan behöver fler lärare." in page
    assert "Bygg en badplats vid Fryken." in page  # as published, beside the words as given
    assert "Väntar på granskning" in page
    assert "Publicerad" in page
    assert "Du ville inte att den skulle publiceras" in page
    assert waiting.original_text not in page


def test_a_withheld_opinion_is_explained_in_plain_words(client, world):
    process = world["process"]
    respondent = RespondentFactory(process=process)
    opinion = OpinionFactory(process=process, respondent=respondent, consent_to_publish=True)
    publication_review(opinion=opinion, reviewer=UserFactory(), approve=False)
    page = client.get(reverse("public:receipt", args=[respondent.receipt_code])).content.decode()
    assert "Inte publicerad" in page
    assert opinion.original_text in page  # the holder still sees their own words


def test_the_receipt_of_an_online_opinion_is_not_kept_in_the_public_cache(client, world, patient):
    response = client.post(form_url(world), answers(world, client))
    receipt = client.get(response["Location"])
    assert "no-store" in receipt["Cache-Control"]


def test_words_published_as_given_are_shown_once(client, world):
    process = world["process"]
    respondent = RespondentFactory(process=process)
    text = "Cykelväg mellan byarna och Sunne."
    opinion = OpinionFactory(
        process=process, respondent=respondent, consent_to_publish=True, original_text=text
    )
    publication_review(opinion=opinion, reviewer=UserFactory(), approve=True, published_text=text)
    page = client.get(reverse("public:receipt", args=[respondent.receipt_code])).content.decode()
    assert page.count(text) == 1
    assert "Publicerad" in page
