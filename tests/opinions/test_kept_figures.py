"""The analysis reads its figures as last counted (opinions/analysis/kept.py): a cold page does
not count every coded opinion again, a change is counted before a small process's page shows,
and a long count runs in the background while the page says the figures are being counted."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.roles import STRATEGIST
from opinions.models import KeptFigures
from opinions.services.coding import coding_toggle
from tests.factories import (
    CategoryFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    boende = CategoryFactory(process=process, name="Boende", order=1)
    CategoryFactory(process=process, name="Trafik", order=2)
    for _ in range(3):
        OpinionFactory(process=process, respondent=RespondentFactory(process=process))
    return process, boende


def _code(opinion, category, user, capture):
    with capture(execute=True):  # the change is said once it commits, as in a request
        coding_toggle(opinion=opinion, category=category, coder=user, seen=None)


def _counted(client, process) -> str:
    with translation.override("en"):
        return client.get(reverse("staff:analysis", args=[process.slug])).content.decode()


def test_a_cold_analysis_page_reads_its_figures_without_counting_the_codings(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    process, boende = world
    _code(process.opinions.first(), boende, strategist_user, django_capture_on_commit_callbacks)
    client.force_login(strategist_user)
    first = _counted(client, process)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        again = _counted(client, process)
    assert "final coding of 1 opinion" in first
    assert "final coding of 1 opinion" in again
    counting = [q["sql"] for q in queries if "opinions_finalcoding" in q["sql"]]
    assert counting == []


def test_a_change_is_counted_before_a_small_process_page_shows(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    process, boende = world
    client.force_login(strategist_user)
    assert "final coding of 0 opinions" in _counted(client, process)
    _code(process.opinions.first(), boende, strategist_user, django_capture_on_commit_callbacks)
    html = _counted(client, process)
    assert "final coding of 1 opinion" in html
    assert "being counted" not in html


def test_a_long_count_runs_in_the_background_and_the_page_says_so(
    client, world, strategist_user, settings, django_capture_on_commit_callbacks
):
    process, boende = world
    client.force_login(strategist_user)
    _counted(client, process)  # the first count, whatever it takes
    settings.KEPT_INLINE_SECONDS = 0  # every count from now on is "long"
    opinions = list(process.opinions.all())
    _code(opinions[0], boende, strategist_user, django_capture_on_commit_callbacks)
    html = _counted(client, process)
    assert "final coding of 0 opinions" in html  # the last count, said to be so
    assert "Changes made since are being counted now" in html
    # The tests' task backend runs the count at once: the next visit reads it.
    row = KeptFigures.objects.get(process=process, kind=KeptFigures.Kind.ANALYSIS)
    assert row.fresh
    assert row.queued_at is None
    html = _counted(client, process)
    assert "final coding of 1 opinion" in html
    assert "being counted" not in html


def test_figures_of_one_process_stay_fresh_when_another_changes(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    process, _boende = world
    other = ProcessFactory(slug="arvika", stage="dialogue_open")
    client.force_login(strategist_user)
    _counted(client, process)
    from core import public_data

    with django_capture_on_commit_callbacks(execute=True):
        public_data.changed(other)
    assert KeptFigures.objects.get(process=process, kind=KeptFigures.Kind.ANALYSIS).fresh


def test_a_large_process_is_counted_the_first_time_in_the_background(
    client, world, strategist_user, settings, django_capture_on_commit_callbacks
):
    process, boende = world
    _code(process.opinions.first(), boende, strategist_user, django_capture_on_commit_callbacks)
    settings.KEPT_INLINE_FIRST_OPINIONS = 2  # three opinions are "large" here
    client.force_login(strategist_user)
    html = _counted(client, process)
    # No figure is shown as if it were zero: the page and its quality card say they are coming.
    assert html.count("These figures are being counted for the first time") == 2
    assert "final coding of 0 opinions" in html
    assert KeptFigures.objects.filter(process=process, queued_at__isnull=True).count() == 3
    html = _counted(client, process)  # the tests' task backend counted them at once
    assert "final coding of 1 opinion" in html
    assert "being counted" not in html


def test_the_agreement_page_counts_disagreements_as_the_reconcile_list_does(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    """The kept count of opinions waiting to be reconciled is the reconcile list's length."""
    from opinions.models import Opinion

    process, boende = world
    trafik = process.categories.get(name="Trafik")
    first, second, third = process.opinions.order_by("pk")
    other = UserFactory(username="olle", role=STRATEGIST)
    _code(first, boende, strategist_user, django_capture_on_commit_callbacks)
    _code(first, trafik, other, django_capture_on_commit_callbacks)  # differ
    _code(second, boende, strategist_user, django_capture_on_commit_callbacks)
    _code(second, boende, other, django_capture_on_commit_callbacks)  # agree
    _code(third, trafik, other, django_capture_on_commit_callbacks)  # one coder
    client.force_login(strategist_user)
    with translation.override("en"):
        html = client.get(reverse("staff:coding_agreement", args=[process.slug])).content.decode()
    waiting = Opinion.objects.for_process(process).filter(status="registered").in_disagreement()
    assert [o.pk for o in waiting] == [first.pk]
    assert "1 opinion is coded differently by its coders" in html


def test_the_public_list_counts_a_newly_published_opinion(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    """The public list's unfiltered count is kept; a publication moves it on."""
    from core import public_cache
    from opinions.services.publication import publication_review

    process, _boende = world
    process.is_public = True
    process.save(update_fields=["is_public"])
    first, second, _third = process.opinions.order_by("pk")
    for opinion in (first, second):
        opinion.consent_to_publish = True
        opinion.save(update_fields=["consent_to_publish"])

    def listed() -> str:
        public_cache.clear()
        with translation.override("en"):
            return client.get(reverse("public:results", args=[process.slug])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        publication_review(
            opinion=first, reviewer=strategist_user, approve=True, published_text="A"
        )
    assert '<p role="status">1 opinion.</p>' in listed()
    with django_capture_on_commit_callbacks(execute=True):
        publication_review(
            opinion=second, reviewer=strategist_user, approve=True, published_text="B"
        )
    assert '<p role="status">2 opinions.</p>' in listed()


def test_the_analysis_title_is_the_page_name_not_the_quality_card(client, world, strategist_user):
    """The quality card once stood inside <title>: a screen reader read it all as the title."""
    process, _boende = world
    client.force_login(strategist_user)
    html = _counted(client, process)
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert title.startswith("Analysis · ")
    assert "<" not in title
    assert len(title) < 120


def test_coding_that_leaves_the_final_coding_as_it_was_still_moves_the_agreement(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    """On a sampled opinion two coders who differ leave no final coding, as before; the
    agreement page counts them all the same."""
    from opinions.services.coding import sample_draw

    process, boende = world
    sample_draw(process=process, share=100, by=strategist_user, seed=1)
    trafik = process.categories.get(name="Trafik")
    first = process.opinions.order_by("pk").first()
    other = UserFactory(username="olle", role=STRATEGIST)
    client.force_login(strategist_user)

    def waiting() -> str:
        with translation.override("en"):
            url = reverse("staff:coding_agreement", args=[process.slug])
            return client.get(url).content.decode()

    assert "0 opinions are coded differently" in waiting()
    _code(first, boende, strategist_user, django_capture_on_commit_callbacks)
    _code(first, trafik, other, django_capture_on_commit_callbacks)
    assert "1 opinion is coded differently by its coders" in waiting()


@pytest.mark.parametrize(
    "name", ["staff:analysis", "staff:coding_agreement", "staff:summaries", "public:outcome"]
)
def test_a_cold_page_of_figures_reads_them_without_counting_the_codings(
    client, world, strategist_user, name, django_capture_on_commit_callbacks
):
    from core import public_cache

    process, boende = world
    process.is_public = True
    process.stage = "feedback_published"  # the method page shows the quality card then
    process.save(update_fields=["is_public", "stage"])
    _code(process.opinions.first(), boende, strategist_user, django_capture_on_commit_callbacks)
    client.force_login(strategist_user)
    url = reverse(name, args=[process.slug])
    assert client.get(url).status_code == 200
    cache.clear()
    public_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    counting = [
        q["sql"]
        for q in queries
        if "opinions_finalcoding" in q["sql"] or "opinions_coding" in q["sql"]
    ]
    assert counting == []


def test_the_codebook_counts_each_category_without_multiplying_codings_by_final_codings(
    client, world, strategist_user, django_capture_on_commit_callbacks
):
    """Counted together in one join, the two counts made a row for every coding × final
    coding of a category: at 2,000,000 opinions the codebook page ran for over ten minutes."""
    process, boende = world
    other = UserFactory(username="olle", role=STRATEGIST)
    for opinion in process.opinions.all():
        _code(opinion, boende, strategist_user, django_capture_on_commit_callbacks)
        _code(opinion, boende, other, django_capture_on_commit_callbacks)
    client.force_login(strategist_user)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("staff:codebook", args=[process.slug])).content.decode()
    counts = next(q["sql"] for q in queries if 'AS "coded"' in q["sql"])
    assert 'JOIN "opinions_finalcoding"' not in counts
    assert 'JOIN "opinions_coding"' not in counts
    assert "?final=" in html
    from opinions.models import Category

    found = {
        c.name: (c.coded, c.final) for c in Category.objects.for_process(process).with_counts()
    }
    assert found == {"Boende": (3, 3), "Trafik": (0, 0)}


@pytest.mark.parametrize("name", ["staff:codebook", "staff:coding_list"])
def test_the_codebook_and_the_coding_list_read_their_counts_as_last_counted(
    client, world, strategist_user, name, django_capture_on_commit_callbacks
):
    """The codebook's counts per category and the coding list's progress bar counted every
    coding of the process on each visit (8.2 s and 3.6 s at 2,000,000 opinions)."""
    process, boende = world
    _code(process.opinions.first(), boende, strategist_user, django_capture_on_commit_callbacks)
    client.force_login(strategist_user)
    url = reverse(name, args=[process.slug])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    counting = [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"]
        and ("opinions_finalcoding" in q["sql"] or "opinions_coding" in q["sql"])
    ]
    assert counting == []
    if name == "staff:codebook":
        assert f'?category={boende.pk}">1</a>' in page
        assert f'?final={boende.pk}">1</a>' in page
    else:
        assert 'data-progress="done">1</span> av 3 synpunkter' in page


def test_the_codebook_of_a_long_count_shows_the_last_one_and_says_so(
    client, world, strategist_user, settings, django_capture_on_commit_callbacks
):
    process, boende = world
    client.force_login(strategist_user)
    url = reverse("staff:codebook", args=[process.slug])
    client.get(url)  # the first count
    settings.KEPT_INLINE_SECONDS = 0  # every count from now on is "long"
    _code(process.opinions.first(), boende, strategist_user, django_capture_on_commit_callbacks)
    with translation.override("en"):
        page = client.get(reverse("staff:codebook", args=[process.slug])).content.decode()
    assert f'?category={boende.pk}">0</a>' in page  # the last count, said to be so
    assert "Changes made since are being counted now" in page
    assert f'?category={boende.pk}">1</a>' in client.get(url).content.decode()
