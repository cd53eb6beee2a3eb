"""The privacy notice a resident reads before giving anything (GDPR article 13), for the site and
for each process, linked from every public page's footer; and the person to ask, on the process's
pages and wherever a page says "ask us"."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dialogues.models import DialogueEvent, StageTransition
from public.models import SiteProfile
from tests.factories import (
    AreaFactory,
    DecisionFactory,
    DialogueEventFactory,
    ProcessFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return SiteProfile.objects.create(
        name="Sunne kommun",
        controller="Kommunstyrelsen, Sunne kommun",
        controller_email="kommun@sunne.se",
        dpo_name="Dataskyddsombudet",
        dpo_email="dataskyddsombud@sunne.se",
        contact_email="kommun@sunne.se",
        contact_phone="0565-160 00",
    )


@pytest.fixture
def process():
    process = ProcessFactory(
        slug="sunne",
        title="Vision 2025",
        is_public=True,
        stage="dialogue_open",
        purpose="Att ta fram en ny kommunstrategi.",
        rules_feedback="En broschyr till varje hushåll när strategin är antagen.",
        contact_name="Karin Lindqvist",
        contact_role="Tillväxtstrateg",
        contact_email="karin.lindqvist@sunne.se",
        contact_phone="0565-161 20",
    )
    AreaFactory(process=process, name="Lysvik", order=1)
    AreaFactory(process=process, name="Gräsmark", order=2)
    return process


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@override_settings(FEEDBACK_CONTACT_RETENTION_DAYS=730)
def test_a_process_notice_names_who_answers_why_what_how_long_and_the_rights(client, site, process):
    page = text(client.get(reverse("public:process_privacy", args=["sunne"])))
    assert "Kommunstyrelsen, Sunne kommun är personuppgiftsansvarig" in page
    assert "dataskyddsombud@sunne.se" in page
    assert "artikel 6.1 e" in page
    assert "Att ta fram en ny kommunstrategi." in page  # the process's purpose
    assert "Lysvik, Gräsmark" in page  # the areas it asks about
    assert "senast 2 år efter att du lämnade den" in page
    assert "En broschyr till varje hushåll" in page  # when this process's feedback comes
    for right in ("registerutdrag", "rättat", "invända", "Integritetsskyddsmyndigheten"):
        assert right in page
    assert "karin.lindqvist@sunne.se" in page


def test_once_the_feedback_is_published_the_notice_says_the_contacts_are_gone(client, site):
    process = ProcessFactory(slug="klar", is_public=True, stage="feedback_published")
    StageTransition.objects.create(
        process=process,
        from_stage="adopted",
        to_stage="feedback_published",
        moved_by=UserFactory(),
        moved_at=datetime.datetime(2014, 11, 15, 10, tzinfo=datetime.UTC),
    )
    page = text(client.get(reverse("public:process_privacy", args=["klar"])))
    assert "publicerades återkopplingen den 15 november 2014" in page
    assert "har kontaktuppgifterna som lämnades i den raderats" in page


def test_the_footer_of_every_public_page_links_the_notice(client, site, process):
    general = reverse("public:privacy")
    own = reverse("public:process_privacy", args=["sunne"])
    for url in (reverse("home"), reverse("public:accessibility"), reverse("public:receipt_lookup")):
        footer = client.get(url).content.decode().split("<footer")[1]
        assert f'href="{general}"' in footer, url
    for name in ("public:process", "public:results", "public:outcome", "public:open_data"):
        footer = client.get(reverse(name, args=["sunne"])).content.decode().split("<footer")[1]
        assert f'href="{own}"' in footer, name
    page = text(client.get(general))
    assert f'href="{own}"' in page  # each dialogue's own notice, from the site's
    assert "artikel 6.1 e" in page


def test_the_english_notice_is_in_english(client, site, process):
    page = text(client.get("/en" + reverse("public:process_privacy", args=["sunne"])))
    assert "is responsible for your personal data" in page
    assert "article 6.1 e" in page


def test_the_contact_of_a_process_is_on_its_pages(client, site, process):
    page = text(client.get(reverse("public:process", args=["sunne"])))
    assert "Frågor om dialogen" in page
    assert "<strong>Karin Lindqvist</strong>, Tillväxtstrateg" in page
    assert 'href="mailto:karin.lindqvist@sunne.se"' in page
    assert 'href="tel:056516120"' in page
    results = text(client.get(reverse("public:results", args=["sunne"])))
    assert "Karin Lindqvist" in results  # in the footer of its other pages


def test_an_upcoming_event_says_whom_to_ask_about_accessibility(client, site, process):
    DialogueEventFactory(
        process=process,
        kind=DialogueEvent.Kind.WORKSHOP,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        accessibility="",
    )
    page = text(client.get(reverse("public:process", args=["sunne"])))
    assert (
        "Fråga oss om tillgänglighet och stöd före mötet: Karin Lindqvist, "
        '<a href="mailto:karin.lindqvist@sunne.se">'
    ) in page


def test_too_many_receipt_tries_says_how_to_reach_us(client, site):
    for _attempt in range(25):
        response = client.get(reverse("public:receipt", args=["AAAAAAAA"]))
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "be oss om hjälp" in page
    assert 'href="mailto:kommun@sunne.se"' in page
    assert 'href="tel:056516000"' in page


def test_a_missing_page_says_how_to_reach_us(client, site):
    response = client.get("/dialog/finns-inte/")
    assert response.status_code == 404
    assert 'href="mailto:kommun@sunne.se"' in response.content.decode()


def test_an_adopted_process_opens_with_what_was_decided(client, site):
    process = ProcessFactory(slug="antagen", is_public=True, stage="adopted", purpose="Syftet.")
    strategy = StrategyFactory(process=process, vision="Sunne är platsen där modet växer.")
    goal = strategy.goals.create(title="Livet i Sunne är enkelt", order=1)
    DecisionFactory(strategy=strategy)
    page = text(client.get(reverse("public:process", args=["antagen"])))
    main = page.split('id="main"')[1]
    decided = main.index("Det här beslutades")
    assert decided < main.index("Syftet.")
    assert decided < main.index("Sunne är platsen där modet växer.") < main.index("Vad vi frågar")
    assert f'#goal-{goal.pk}">Livet i Sunne är enkelt</a>' in main


def test_a_process_not_yet_adopted_does_not_claim_a_decision(client, site, process):
    assert "Det här beslutades" not in text(client.get(reverse("public:process", args=["sunne"])))


def test_the_facilitator_can_show_the_notice_where_the_contact_is_taken(client, process):
    facilitator = UserFactory(role="facilitator")
    event = DialogueEventFactory(process=process, slug="torget")
    event.facilitators.add(facilitator)
    client.force_login(facilitator)
    url = reverse("staff:event_entry", kwargs={"slug": "sunne", "event_slug": "torget"})
    page = client.get(url).content.decode()
    assert f'href="{reverse("public:process_privacy", args=["sunne"])}"' in page
