"""The public site: figures that never single anyone out, the calendar feed, the receipt page,
mails when the feedback is published, the cache, and the brochure as a PDF."""

import datetime
import io

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from dialogues.services import process_move
from dialogues.stages import Stage
from opinions.models import Opinion, RespondentContact
from opinions.services.publication import publication_review
from public.figures import MIN_RESPONDENTS, counts, figures
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    ConsultationFactory,
    DecisionFactory,
    DialogueEventFactory,
    FinalCodingFactory,
    GuidingQuestionFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_cell_of_fewer_than_five_people_is_never_shown_nor_derivable():
    process = ProcessFactory(is_public=True)
    big, small, middle = (
        AreaFactory(process=process, name=n) for n in ("Sunne", "Lysvik", "Gräsmark")
    )
    for area, people in ((big, 12), (small, 3), (middle, 6)):
        for _ in range(people):
            OpinionFactory(
                process=process, respondent=RespondentFactory(process=process, area=area)
            )
    areas = next(t for t in figures(process, counts(process)).tables if t.key == "area")
    cells = {cell.label: cell for cell in areas.cells}
    assert cells["Sunne"].value == 12
    assert cells["Lysvik"].value is None  # 3 people
    # With one cell hidden, the total would give it away: the next smallest is hidden too.
    assert cells["Gräsmark"].value is None
    assert MIN_RESPONDENTS == 5


def test_many_opinions_from_few_people_are_still_hidden():
    process = ProcessFactory(is_public=True)
    area = AreaFactory(process=process, name="Lysvik")
    other = AreaFactory(process=process, name="Sunne")
    loud = RespondentFactory(process=process, area=area)
    OpinionFactory.create_batch(40, process=process, respondent=loud)
    for _ in range(2):
        OpinionFactory(process=process, respondent=RespondentFactory(process=process, area=area))
    for _ in range(6):
        OpinionFactory(process=process, respondent=RespondentFactory(process=process, area=other))
    for _ in range(7):
        OpinionFactory(process=process, respondent=RespondentFactory(process=process))
    cells = {
        c.label: c
        for c in next(t for t in figures(process, counts(process)).tables if t.key == "area").cells
    }
    assert cells["Lysvik"].opinions == 42
    assert cells["Lysvik"].value is None  # 3 people
    assert ">42<" not in public_page(reverse("public:results", args=[process.slug]))


def public_page(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_calendar_feed_lists_the_events_with_place_and_accessibility():
    process = ProcessFactory(is_public=True, slug="sunne")
    starts = timezone.now() + datetime.timedelta(days=3)
    DialogueEventFactory(
        process=process,
        title="Open Space för hela Sunne",
        place="Kulturhuset",
        address="Storgatan 1, Sunne",
        accessibility="Hörslinga och entré utan trappsteg.",
        starts_at=starts,
    )
    body = public_page(reverse("public:events_ics", args=["sunne"]))
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Open Space för hela Sunne"
    assert str(event["LOCATION"]) == "Kulturhuset, Storgatan 1, Sunne"
    assert "Hörslinga" in str(event["DESCRIPTION"])
    assert (
        event.decoded("DTSTART") == starts.replace(microsecond=0)
        or event.decoded("DTSTART") == starts
    )


def test_a_process_that_is_not_public_has_no_public_pages(client):
    process = ProcessFactory(is_public=False, slug="hemlig")
    for name in ("public:process", "public:results", "public:outcome", "public:open_data"):
        assert client.get(reverse(name, args=[process.slug])).status_code == 404
    assert (
        client.get(reverse("api:public_statistics", kwargs={"slug": "hemlig"})).status_code == 404
    )


def test_a_page_is_made_anew_when_its_data_change(client, django_capture_on_commit_callbacks):

    process = ProcessFactory(is_public=True, slug="sunne")
    opinion = OpinionFactory(process=process, consent_to_publish=True, original_text="Fler bänkar.")
    url = reverse("public:results", args=["sunne"])
    assert "Fler bänkar." not in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached.captured_queries) == 0  # the whole page from the cache, no query
    with django_capture_on_commit_callbacks(execute=True):
        publication_review(
            opinion=opinion, reviewer=UserFactory(), approve=True, published_text="Fler bänkar."
        )
    assert "Fler bänkar." in client.get(url).content.decode()


def test_a_resident_sees_the_questions_in_the_order_an_administrator_moves_them_to(
    client, administrator, django_capture_on_commit_callbacks
):
    """A move is a bulk write (one UPDATE per question, no save), announced like any other."""
    process = ProcessFactory(is_public=True, slug="ordning", stage=Stage.PLANNING)
    GuidingQuestionFactory(process=process, order=1, text="Vad är Sunne känt för?")
    second = GuidingQuestionFactory(process=process, order=2, text="Var vill du bo?")
    url = reverse("public:process", args=["ordning"])
    resident = Client()

    def order_read_by_a_resident() -> list[str]:
        page = resident.get(url).content.decode()
        return sorted(
            ("Vad är Sunne känt för?", "Var vill du bo?"), key=lambda text: page.index(text)
        )

    assert order_read_by_a_resident() == ["Vad är Sunne känt för?", "Var vill du bo?"]
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff:question_move", args=["ordning", second.pk]), {"direction": "up"}
        )
    assert response.status_code == 302
    assert order_read_by_a_resident() == ["Var vill du bo?", "Vad är Sunne känt för?"]


def test_guessing_receipt_codes_is_throttled(client):
    respondent = RespondentFactory(process=ProcessFactory(is_public=True))
    OpinionFactory(process=respondent.process, respondent=respondent)
    for attempt in range(21):
        code = f"ZZZZZZ{attempt:02d}".replace("0", "A").replace("1", "B")
        assert client.get(reverse("public:receipt", args=[code])).status_code == 404
    response = client.get(reverse("public:receipt", args=[respondent.receipt_code]))
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()
    assert "Synpunkt 1, lämnad" not in response.content.decode()


def test_receipt_codes_are_long_and_random():
    codes = {RespondentFactory().receipt_code for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 8 for code in codes)  # 32^8 ≈ 10^12 codes


def test_publishing_the_feedback_mails_those_who_asked_and_lets_go_of_their_contact(
    administrator, django_capture_on_commit_callbacks
):
    process = ProcessFactory(is_public=True, stage=Stage.ADOPTED, title="Vision 2025")
    asked = RespondentFactory(process=process)
    RespondentContact.objects.create(
        respondent=asked,
        email="karin@example.se",
        consent_given_at=timezone.now(),
        retain_until=timezone.localdate() + datetime.timedelta(days=700),
    )
    by_phone = RespondentFactory(process=process)
    RespondentContact.objects.create(
        respondent=by_phone,
        phone="070-1234567",
        consent_given_at=timezone.now(),
        retain_until=timezone.localdate() + datetime.timedelta(days=700),
    )
    with django_capture_on_commit_callbacks(execute=True):
        process_move(process=process, to_stage=Stage.FEEDBACK_PUBLISHED, moved_by=administrator)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@example.se"]
    assert "Vision 2025" in message.subject
    assert f"/kvitto/{asked.receipt_code}/" in message.body
    contact = RespondentContact.objects.get(respondent=asked)
    assert contact.notified_at is not None
    assert contact.retain_until == timezone.localdate()  # due for deletion
    # The phone-only contact stays until its own date, for the staff to call.
    assert RespondentContact.objects.get(respondent=by_phone).notified_at is None


def test_the_receipt_shows_categories_and_after_adoption_the_goals(client):
    process = ProcessFactory(is_public=True, stage=Stage.ANALYSIS)
    respondent = RespondentFactory(process=process)
    opinion = OpinionFactory(
        process=process, respondent=respondent, original_text="Cykelväg till Lysvik!"
    )
    category = CategoryFactory(process=process, name="Kommunikationer")
    FinalCodingFactory(opinion=opinion, category=category)
    strategy = StrategyFactory(process=process)
    goal = strategy.goals.create(title="Livet i Sunne är enkelt")
    goal.categories.add(category)
    url = reverse("public:receipt", args=[respondent.receipt_code])
    page = client.get(url).content.decode()
    assert "Kommunikationer" in page
    assert "Livet i Sunne är enkelt" not in page  # a working draft stays inside
    assert "Cykelväg till Lysvik!" in page  # the holder's own words, as written down
    DecisionFactory(strategy=strategy)
    page = client.get(url).content.decode()
    assert "Livet i Sunne är enkelt" in page


def test_the_brochure_pdf_has_two_to_four_a4_pages(client):
    process = ProcessFactory(is_public=True, slug="sunne", lessons="Möt människor där de är.")
    for number in range(4):
        GuidingQuestionFactory(process=process, text=f"Fråga {number}?")
    response = client.get(reverse("public:brochure_pdf", args=["sunne"]))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert 2 <= len(pages) <= 4
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert "Möt människor där de är." in "".join(page.extract_text() for page in pages)


def test_open_data_is_licensed_and_neutralises_formulas(client):
    process = ProcessFactory(is_public=True, slug="sunne")
    OpinionFactory(
        process=process,
        consent_to_publish=True,
        publication=Opinion.Publication.APPROVED,
        published_text='=HYPERLINK("http://example.com")',
    )
    csv_text = public_page(reverse("public:open_data_file", args=["sunne", "opinions", "csv"]))
    assert "'=HYPERLINK" in csv_text
    data = public_page(reverse("public:open_data_file", args=["sunne", "opinions", "json"]))
    assert '"name": "CC BY 4.0"' in data


def test_a_signed_in_page_is_never_served_to_the_next_visitor(client):
    process = ProcessFactory(is_public=True, slug="sunne")
    url = reverse("public:process", args=[process.slug])
    client.force_login(UserFactory(username="sara", first_name="Sara", role="strategist"))
    assert "Sara" in client.get(url).content.decode()
    client.logout()
    assert "Sara" not in client.get(url).content.decode()
    storage = CookieStorage(RequestFactory().get(url))
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Till dig.")])
    with CaptureQueriesContext(connection) as made:
        client.get(url)
    assert made.captured_queries  # made for this visitor, not taken from the cache


def test_the_version_sent_on_remiss_stays_readable_after_another_is_adopted(client):
    process = ProcessFactory(is_public=True, slug="sunne", stage=Stage.ADOPTED)
    strategy = StrategyFactory(process=process)
    consultation = ConsultationFactory(strategy=strategy, version__text="## Remissversionen")
    DecisionFactory(strategy=strategy, adopted_version__text="## Den antagna versionen")
    page = client.get(reverse("public:outcome", args=["sunne"])).content.decode()
    assert "Den antagna versionen" in page
    assert "Remissversionen" in page
    assert f"Läs version {consultation.version.number}, som den skickades ut på remiss" in page
