"""A category key on the workbench answers with the coding part drawn from what the step
already read and wrote (issue #19): it must show exactly what reading the opinion again shows,
for every coder, in the blind sample, and as the final coding moves."""

import re
import uuid

import pytest
from django.urls import reverse

from core.roles import STRATEGIST
from opinions.models import CodingSample
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(client, db):
    process = ProcessFactory(slug="sunne", stage="analysis")
    boende = CategoryFactory(process=process, name="Boende", key="1", order=1)
    skola = CategoryFactory(process=process, name="Skola", key="2", order=2)
    opinion = OpinionFactory(process=process, original_text="Fler hyresrätter i Lysvik")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Ek", role=STRATEGIST)
    bo = UserFactory(username="bo", first_name="Bo", last_name="Al", role=STRATEGIST)
    url = reverse("staff:coding_opinion", args=[process.slug, opinion.pk])
    return {
        "process": process,
        "categories": {"boende": boende, "skola": skola},
        "opinion": opinion,
        "users": {"anna": anna, "bo": bo},
        "url": url,
    }


def coding_part(html: str) -> str:
    """The coding part as a reader sees it: without the spoken status, the emptied conflict
    warning (both swapped in elsewhere on the page) and the token."""
    part = html[html.index('<div id="coding">') :]
    part = part[: part.index("</dl>") + len("</dl>")]
    part = re.sub(r'<div id="coding-status".*?</div>', "", part, flags=re.S)
    part = part.replace('<div id="coding-conflict" data-hx-swap-oob="true"></div>', "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", part)


def key(client, world, who: str, category: str) -> str:
    client.force_login(world["users"][who])
    page = client.get(world["url"]).content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', page).group(1)
    data = {
        "action": "toggle",
        "category": world["categories"][category].pk,
        "seen": seen,
        "step": str(uuid.uuid4()),
    }
    answer = client.post(world["url"], data, **HTMX)
    assert answer.status_code == 200
    return coding_part(answer.content.decode())


def read_again(client, world) -> str:
    return coding_part(client.get(world["url"], **HTMX).content.decode())


@pytest.mark.parametrize("sampled", [False, True], ids=["open", "blind-sample"])
def test_the_answer_to_a_key_is_what_reading_the_opinion_again_shows(client, world, sampled):
    if sampled:
        sample = CodingSample.objects.create(
            process=world["process"], share=10, drawn_by=world["users"]["anna"]
        )
        sample.opinions.add(world["opinion"])
    steps = [
        ("anna", "boende"),  # one coder: final follows her (not in a sample)
        ("bo", "skola"),  # two disagree: no final coding
        ("bo", "skola"),  # taken out again: bo has coded nothing
        ("bo", "boende"),  # the two agree: final coding Boende
        ("anna", "skola"),  # anna adds one: they disagree again
        ("anna", "skola"),
        ("anna", "boende"),  # anna takes hers out: only bo's coding
    ]
    for who, category in steps:
        answer = key(client, world, who, category)
        assert answer == read_again(client, world), (who, category)
    if not sampled:
        assert "Bo Al: Boende" in read_again(client, world)  # what anna sees of bo
