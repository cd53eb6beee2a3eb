"""A summary per category with its sources, and a language model's draft that a person edits
and accepts: sent only published or screened texts, to an endpoint the municipality chose, and
never a citation outside the category."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from opinions.models import CategorySummary, Coding, FinalCoding
from tests.factories import (
    CategoryFactory,
    DialogueEventFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
)

pytestmark = pytest.mark.django_db

BUSES = [
    "Bussen till Lysvik går för sällan och hållplatsen är långt bort",
    "Fler bussar på kvällen, så att man kan ta bussen hem från jobbet",
    "Bussarna från Gräsmark måste gå oftare",
    "Bussen borde gå på helgerna också",
]
DOGS = [
    "Hundrastgården vid skolan behöver ett staket",
    "Fler hundrastgårdar, hundarna springer lösa i parken",
    "Ett staket runt hundrastgården",
]


class ChatCompletions:
    """A small OpenAI-compatible endpoint: POST /v1/chat/completions answers `reply`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.reply = ""
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(body)}
                )
                answer = {"choices": [{"message": {"role": "assistant", "content": outer.reply}}]}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = ChatCompletions()
    yield server
    server.close()


@pytest.fixture
def world(db, strategist_user):
    process = ProcessFactory(slug="sunne", stage="analysis")
    buses = CategoryFactory(process=process, name="Kollektivtrafik", order=1)
    dogs = CategoryFactory(process=process, name="Hundar", order=2)
    fair = DialogueEventFactory(process=process, kind="youth_fair", slug="massan")
    shop = DialogueEventFactory(process=process, kind="interview", slug="affaren")
    bus_ids, dog_ids = [], []
    for n in range(12):
        person = RespondentFactory(process=process, event=fair, age_band="16-19")
        opinion = OpinionFactory(
            process=process, event=fair, respondent=person, original_text=BUSES[n % 4]
        )
        FinalCoding.objects.create(opinion=opinion, category=buses, decided_by=strategist_user)
        bus_ids.append(opinion.pk)
    for n in range(6):
        opinion = OpinionFactory(process=process, event=shop, original_text=DOGS[n % 3])
        FinalCoding.objects.create(opinion=opinion, category=dogs, decided_by=strategist_user)
        dog_ids.append(opinion.pk)
    # One bus opinion names its giver; another is approved for publication, redacted.
    private = OpinionFactory(
        process=process,
        event=shop,
        original_text="Bussen går för sällan, skriv till anna.berg@example.se om det",
    )
    FinalCoding.objects.create(opinion=private, category=buses, decided_by=strategist_user)
    published = OpinionFactory(
        process=process,
        event=shop,
        original_text="Bussen till Sunne från Östmark, säger Kalle Svensson, behövs",
        published_text="Bussen till Sunne från Östmark, säger […], behövs",
        consent_to_publish=True,
        publication="approved",
    )
    FinalCoding.objects.create(opinion=published, category=buses, decided_by=strategist_user)
    return {
        "process": process,
        "buses": buses,
        "dogs": dogs,
        "bus_ids": [*bus_ids, private.pk, published.pk],
        "dog_ids": dog_ids,
    }


def _url(world, category="buses"):
    return reverse("staff:category_summary", args=[world["process"].slug, world[category].pk])


def test_each_category_has_its_representative_opinions_counts_and_own_words(
    client, world, strategist_user
):
    client.force_login(strategist_user)
    analysis = client.get(reverse("staff:analysis", args=["sunne"])).content.decode()
    assert reverse("staff:summaries", args=["sunne"]) in analysis
    page = client.get(reverse("staff:summaries", args=["sunne"])).content.decode()
    assert "Kollektivtrafik" in page
    assert "Hundar" in page
    response = client.get(_url(world))
    summary = response.context["summary"]
    assert summary.opinions == 14
    texts = [text for _pk, text in summary.representative]
    assert all(text.startswith(("Bussen", "Bussarna", "Fler bussar")) for text in texts[:3])
    assert "bussen" in summary.words
    assert not {"och", "för", "till", "från", "med"} & set(summary.words)
    assert not {"hundrastgården", "staket"} & set(summary.words)
    counts = {dimension: dict(values) for dimension, _label, values in summary.counts}
    assert counts["event_kind"] == {
        "Monter på ungdomsmässa": 12,
        "Intervjuer där människor finns": 2,
    }
    assert counts["age_band"]["16–19"] == 12
    assert set(counts) == {"event_kind", "question", "age_band", "gender", "area", "role"}


def test_nothing_is_sent_when_no_endpoint_is_configured(
    client, world, strategist_user, endpoint, settings
):
    settings.SUMMARY_MODEL_URL = ""
    settings.SUMMARY_MODEL_NAME = ""
    client.force_login(strategist_user)
    page = client.get(_url(world)).content.decode()
    assert "SUMMARY_MODEL_URL" in page  # says how to turn it on
    response = client.post(_url(world), {"action": "draft"})
    assert response.status_code == 200
    assert endpoint.requests == []
    assert not CategorySummary.objects.exists()


def test_a_draft_from_published_or_screened_texts_is_edited_and_accepted(
    client, world, strategist_user, endpoint, settings
):
    settings.SUMMARY_MODEL_URL = endpoint.url
    settings.SUMMARY_MODEL_NAME = "kommun-llm-8b"
    settings.SUMMARY_MODEL_KEY = "hemlig"
    first, second = world["bus_ids"][:2]
    endpoint.reply = (
        f"Många vill att bussen går oftare [{first}, {second}]. Kvällsturer saknas. [{second}]"
    )
    codings = Coding.objects.count(), FinalCoding.objects.count()
    client.force_login(strategist_user)
    response = client.post(_url(world), {"action": "draft"})
    assert response.status_code == 302
    [request] = endpoint.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer hemlig"
    assert request["body"]["model"] == "kommun-llm-8b"
    sent = json.dumps(request["body"], ensure_ascii=False)
    assert "anna.berg@example.se" not in sent  # screened out
    assert "Kalle Svensson" not in sent  # the published text is sent, not the registered one
    assert "säger […], behövs" in sent
    assert "staket" not in sent  # only the category's opinions
    draft = CategorySummary.objects.get()
    assert draft.is_draft
    assert draft.model_name == "kommun-llm-8b"
    assert draft.drafted_at is not None
    page = client.get(_url(world)).content.decode()
    assert "kommun-llm-8b" in page
    edited = f"Många vill ha fler bussar, också på kvällen [{first}, {second}]."
    response = client.post(_url(world), {"action": "accept", "text": edited})
    assert response.status_code == 302
    summary = CategorySummary.objects.get()
    assert not summary.is_draft
    assert summary.text == edited
    assert summary.model_name == "kommun-llm-8b"  # the model and the date stay with the text
    assert summary.accepted_by == strategist_user
    page = client.get(_url(world)).content.decode()
    assert "kommun-llm-8b" in page
    assert f"#{first}" in page  # its sources
    assert (Coding.objects.count(), FinalCoding.objects.count()) == codings  # nothing coded


def test_a_citation_outside_the_category_is_refused(
    client, world, strategist_user, endpoint, settings
):
    settings.SUMMARY_MODEL_URL = endpoint.url
    settings.SUMMARY_MODEL_NAME = "kommun-llm-8b"
    bus, dog = world["bus_ids"][0], world["dog_ids"][0]
    endpoint.reply = f"Bussen går sällan [{bus}]. Hundarna behöver staket [{dog}]."
    client.force_login(strategist_user)
    response = client.post(_url(world), {"action": "draft"})
    assert response.status_code == 200
    assert len(endpoint.requests) == 1
    page = response.content.decode()
    assert "summary-problems" in page
    assert str(dog) in page
    assert not CategorySummary.objects.exists()
    # A person cannot cite it either, nor leave a sentence without a source.
    for text in [f"Hundar [{dog}].", f"Bussen går sällan [{bus}]. Utan källa."]:
        response = client.post(_url(world), {"action": "accept", "text": text})
        assert response.status_code == 200
        assert "summary-problems" in response.content.decode()
    assert not CategorySummary.objects.exists()


def test_an_answer_holding_a_null_character_is_refused_not_a_server_error(
    client, world, strategist_user, endpoint, settings
):
    """JSON may carry U+0000, which PostgreSQL cannot store in text: such an answer is not
    kept as a draft, and the page says the answer could not be read."""
    settings.SUMMARY_MODEL_URL = endpoint.url
    settings.SUMMARY_MODEL_NAME = "kommun-llm-8b"
    endpoint.reply = f"Bussen går sällan\u0000 [{world['bus_ids'][0]}]."
    client.force_login(strategist_user)
    client.raise_request_exception = False
    response = client.post(_url(world), {"action": "draft"})
    assert response.status_code == 200
    assert "Språkmodellens svar gick inte att läsa." in response.content.decode()
    assert not CategorySummary.objects.exists()


def test_a_person_writes_a_summary_without_a_model(client, world, strategist_user):
    bus = world["bus_ids"][0]
    client.force_login(strategist_user)
    response = client.post(_url(world), {"action": "accept", "text": f"Fler bussar [#{bus}]."})
    assert response.status_code == 302
    summary = CategorySummary.objects.get()
    assert summary.model_name == ""
    assert summary.accepted_by == strategist_user
    listing = client.get(reverse("staff:summaries", args=["sunne"])).content.decode()
    assert "Fler bussar" in listing
