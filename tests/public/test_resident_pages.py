"""What a resident reads: the meetings to come apart from those held, every stage of the
process in plain words, the figures in an order that reads, and the brochure's quotes, one of
its own for each goal, from what the goal cites."""

import datetime
import html
import io
import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from dialogues.models import Process
from dialogues.stages import Stage
from opinions.models import Opinion, Respondent
from public.figures import MIN_RESPONDENTS, counts, figures
from strategy.models import Goal
from tests.factories import (
    CategoryFactory,
    DecisionFactory,
    DialogueEventFactory,
    FinalCodingFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def section(page: str, heading_id: str) -> str:
    """The text of the <section> a heading of `heading_id` opens ('' if there is none)."""
    start = page.find(f'id="{heading_id}"')
    if start < 0:
        return ""
    return page[start : page.find("</section>", start)]


# Finding 6: a meeting held is never listed as one to come ----------------------------------


def test_a_meeting_held_yesterday_is_listed_under_earlier_and_tomorrows_under_meet_us(client):
    process = ProcessFactory(is_public=True, slug="sunne")
    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1)
    DialogueEventFactory(
        process=process,
        title="Mötet i går",
        starts_at=yesterday,
        ends_at=yesterday + datetime.timedelta(hours=2),
    )
    DialogueEventFactory(
        process=process, title="Mötet i morgon", starts_at=now + datetime.timedelta(days=1)
    )
    url = reverse("public:process", args=["sunne"])
    for prefix, earlier in (("", "Tidigare"), ("/en", "Earlier")):
        page = client.get(prefix + url).content.decode()
        upcoming, past = section(page, "upcoming-heading"), section(page, "past-heading")
        assert "Mötet i morgon" in upcoming
        assert "Mötet i går" not in upcoming
        assert f">{earlier}</h2>" in past
        assert "Mötet i går" in past
        assert "Mötet i morgon" not in past
        assert page.index('id="upcoming-heading"') < page.index('id="past-heading"')


def test_a_meeting_of_several_weeks_says_until_when_it_goes_on(client):
    """The square's dialogue from 20 November to 18 December, read on 1 December: it goes on,
    and the card says so, not only "20 November, 10:00–14:00"."""
    process = ProcessFactory(is_public=True, slug="sunne")
    now = timezone.now()
    ends = timezone.localtime(now + datetime.timedelta(days=17))
    DialogueEventFactory(
        process=process,
        title="Dialog på torget",
        starts_at=now - datetime.timedelta(days=11),
        ends_at=ends,
    )
    page = client.get(reverse("public:process", args=["sunne"])).content.decode()
    upcoming = section(page, "upcoming-heading")
    assert "Dialog på torget" in upcoming
    assert date_format(ends, "j F Y") in upcoming
    assert "Pågår" in upcoming


def test_a_cached_page_lists_a_meeting_under_earlier_as_soon_as_it_has_ended(client):
    """The page is cached for everyone, but never past the end of a meeting it lists as one
    to come (nor past the start of one): within a second or two it is made anew."""
    process = ProcessFactory(is_public=True, slug="sunne")
    ends = timezone.now() + datetime.timedelta(seconds=2)
    DialogueEventFactory(
        process=process,
        title="Snart slut",
        starts_at=ends - datetime.timedelta(hours=2),
        ends_at=ends,
    )
    url = reverse("public:process", args=["sunne"])
    assert "Snart slut" in section(client.get(url).content.decode(), "upcoming-heading")
    time.sleep((ends - timezone.now()).total_seconds() + 1.5)
    page = client.get(url).content.decode()
    assert "Snart slut" not in section(page, "upcoming-heading")
    assert "Snart slut" in section(page, "past-heading")


# Finding 8: residents' words for every stage -------------------------------------------------

STAFF_WORDS = {
    "sv": ["kodar", "strateg", "kategori", "aktivitet", "bearbet", "återkoppling"],
    "en": ["code", "strategist", "categor", "drafting", "revision", "feedback"],
}


READING = {"sv": "Vi läser synpunkterna", "en": "We read the opinions"}


def timeline_steps(page: str) -> list[str]:
    timeline = page[page.index('class="timeline') : page.index("</ol>", page.index("timeline"))]
    steps = re.findall(r"<li[^>]*>(.*?)</li>", timeline, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>|\s+", " ", step)).strip() for step in steps]


def test_every_stage_is_told_in_residents_words_in_swedish_and_english(client):
    process = ProcessFactory(is_public=True, slug="sunne", stage=Stage.ANALYSIS)
    process_page, front_page = reverse("public:process", args=["sunne"]), reverse("home")
    for prefix, language in (("", "sv"), ("/en", "en")):
        page = client.get(prefix + process_page).content.decode()
        steps = timeline_steps(page)
        assert len(steps) == len(Stage.choices)
        for step in steps:
            for word in STAFF_WORDS[language]:
                assert word not in step.lower(), (word, step)
        remiss = next(step for step in steps if "remiss" in step.lower())
        now_label = READING[language]
        assert steps[3].startswith(now_label)  # the stage the process is at
        if language == "sv":
            assert "Vi läser och sorterar alla synpunkter" in steps[3]
            assert "får säga vad de tycker" in remiss  # the word explained where it is used
        else:
            assert "We read and sort every opinion" in steps[3]
            assert "say what they think" in remiss
        # The front page names the stage in the same words.
        home = client.get(prefix + front_page).content.decode()
        assert re.search(r'class="badge[^"]*">([^<]*)<', home).group(1) == now_label
    # The receipt tells the same stages in the same words.
    respondent = RespondentFactory(process=process)
    OpinionFactory(process=process, respondent=respondent)
    with translation.override("sv"):
        receipt = client.get(reverse("public:receipt", args=[respondent.receipt_code]))
    assert "Vi läser synpunkterna" in receipt.content.decode()


# Finding 4: the figures in an order that reads -----------------------------------------------


def test_the_figures_come_largest_first_and_a_hidden_one_gives_away_no_rank():
    process = ProcessFactory(is_public=True)
    for name, opinions in (("Skola", 6), ("Vägar", 9), ("Vård", 7), ("Bad", 2), ("Kultur", 1)):
        category = CategoryFactory(process=process, name=name)
        for _ in range(opinions):
            FinalCodingFactory(opinion=OpinionFactory(process=process), category=category)
    bands = {"16-19": 6, "30-44": 5, "45-64": 8}
    for band, people in bands.items():
        for _ in range(people):
            respondent = RespondentFactory(process=process, age_band=band)
            OpinionFactory(process=process, respondent=respondent)
    tables = {table.key: table for table in figures(process, counts(process)).tables}
    cells = tables["category"].cells
    shown = [cell.label for cell in cells if cell.shown]
    hidden = [cell.label for cell in cells if not cell.shown]
    assert shown == ["Vägar", "Vård", "Skola"]
    assert hidden == ["Bad", "Kultur"]  # after every figure shown, in the codebook's order
    assert [cell.label for cell in cells] == shown + hidden
    ages = [cell.label for cell in tables["age_band"].cells]
    # An ordinal dimension keeps its order: the age groups from the youngest, then the
    # opinions with no age (the categories' opinions above have no respondent).
    given = [str(label) for value, label in Respondent.AgeBand.choices if value in bands]
    assert ages == [*given, translation.gettext("Not given")]
    assert MIN_RESPONDENTS == 5


# Finding 8: the brochure's quotes, one per goal, from what the goal cites ---------------------


def brochure_quotes(client, slug: str) -> dict[str, str | None]:
    page = client.get(reverse("public:brochure", args=[slug])).content.decode()
    quotes = {}
    for part in page.split('<div class="goal">')[1:]:
        title = html.unescape(re.search(r"<h3>\d+\. (.*?)</h3>", part).group(1))
        quote = re.search(r"<q[^>]*>(.*?)</q>", part.split("</div>")[0], flags=re.S)
        quotes[title] = html.unescape(quote.group(1)) if quote else None
    return quotes


def test_each_goal_of_the_demo_brochure_has_a_quote_of_its_own_from_what_it_cites(client):
    call_command("seed_demo", stdout=io.StringIO())
    demo = Process.objects.get(slug="sunne-vision-2025")
    quotes = brochure_quotes(client, demo.slug)
    goals = Goal.objects.filter(strategy__process=demo).order_by("order")
    assert list(quotes) == [goal.title for goal in goals]
    assert all(quotes.values())
    assert len(set(quotes.values())) == len(quotes), quotes  # never one quote for two goals
    for goal in goals:
        quoted = Opinion.objects.published().get(
            pk__in=goal.opinions.values("pk"), published_text=quotes[goal.title]
        )
        # Relevant: what the opinion was sorted under is what the goal is about.
        about = set(quoted.final_categories.values_list("pk", flat=True))
        assert about <= set(goal.categories.values_list("pk", flat=True)), (goal, quoted)
    assert "luft" not in quotes["I Sunne är allting möjligt för unga och gamla"]
    # Found in a browser walk: the brochure named no icon, so every visit asked for
    # /favicon.ico and the console showed its 404.
    page = client.get(reverse("public:brochure", args=[demo.slug])).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page


def published(process, text: str, *categories, consent: bool = True) -> Opinion:
    """An opinion sorted under `categories`; published as `text` if its giver agreed."""
    opinion = OpinionFactory(
        process=process,
        original_text=text,
        published_text=text if consent else "",
        consent_to_publish=consent,
        publication=Opinion.Publication.APPROVED if consent else Opinion.Publication.NOT_REVIEWED,
    )
    for category in categories:
        FinalCodingFactory(opinion=opinion, category=category)
    return opinion


def test_two_goals_citing_the_same_opinions_quote_different_ones_and_only_with_consent(client):
    process = ProcessFactory(is_public=True, slug="sunne")
    shops, roads = (CategoryFactory(process=process, name=name) for name in ("Handel", "Vägar"))
    strategy = StrategyFactory(process=process)
    first = strategy.goals.create(title="Handel i byarna", order=1)
    second = strategy.goals.create(title="Vägar mellan byarna", order=2)
    first.categories.add(shops)
    second.categories.add(roads)
    both = published(process, "Butik och buss i Lysvik.", shops, roads)
    road = published(process, "Bättre väg till Lysvik.", roads)
    shop = published(process, "Behåll lanthandeln.", shops)
    secret = published(process, "Min granne Per Persson vill ha en butik.", shops, consent=False)
    for goal in (first, second):
        goal.opinions.add(both, road, shop, secret)
    DecisionFactory(strategy=strategy)
    # Both goals cite "Butik och buss" first; each gets the one most its own instead.
    assert brochure_quotes(client, "sunne") == {
        "Handel i byarna": "Behåll lanthandeln.",
        "Vägar mellan byarna": "Bättre väg till Lysvik.",
    }


def test_the_figures_say_when_they_were_counted_and_leave_out_people_met_until_reported(client):
    """Found in a browser walk: an open dialogue's "What you said" read "People met 0" beside
    "People who gave an opinion 20", and "Opinions published here 0" above a list of four: the
    figures are counted at each stage move (and daily, if the process asks), the list is live,
    and nothing said so."""
    process = ProcessFactory(slug="cykel", stage=Stage.DIALOGUE_OPEN, is_public=True)
    DialogueEventFactory(process=process, headcount=None)
    OpinionFactory(process=process, respondent=RespondentFactory(process=process))
    url = reverse("public:results", args=["cykel"])
    page = client.get(url).content.decode()
    today = date_format(timezone.localdate(), "j F Y")
    assert f"Siffrorna räknades den {today}" in page
    assert "Personer vi mötte" not in page
    assert "Antal personer" not in page


# Found in a browser walk: the age groups left out everyone who gave no age ---------------------


def test_each_table_of_the_figures_counts_every_opinion_given_a_value_or_not():
    """Opinions whose respondent gave no age or area, or with no event, had no row: the tables
    of 'what you said' added up to fewer opinions than the total above them."""
    process = ProcessFactory(is_public=True)
    meeting = DialogueEventFactory(process=process)
    for band in ["30-44", ""]:  # an age given, and a respondent who left it out
        for _ in range(6):
            respondent = RespondentFactory(process=process, age_band=band)
            OpinionFactory(process=process, respondent=respondent, event=meeting)
    for _ in range(5):  # no profile at all, and no event (imported from a file)
        OpinionFactory(process=process, respondent=None, event=None)
    shown = figures(process, counts(process))
    assert shown.opinions == 17
    with translation.override("sv"):
        tables = {table.key: table for table in figures(process, counts(process)).tables}
    for key in ["event_kind", "question", "age_band", "area"]:
        assert sum(cell.opinions for cell in tables[key].cells) == 17, key
    ages = [(cell.label, cell.opinions) for cell in tables["age_band"].cells]
    assert ages == [("30–44", 6), ("Ej angiven", 11)]  # the groups in order, then the rest
    assert tables["area"].cells[-1].label == "Ej angiven"


def test_the_row_of_opinions_without_a_value_comes_last_even_when_it_is_the_largest():
    process = ProcessFactory(is_public=True)
    meeting = DialogueEventFactory(process=process, kind="workshop")
    for _ in range(6):
        OpinionFactory(process=process, respondent=None, event=meeting)
    for _ in range(9):  # imported from a file, with no event
        OpinionFactory(process=process, respondent=None, event=None)
    with translation.override("sv"):
        tables = {table.key: table for table in figures(process, counts(process)).tables}
    kinds = [(cell.label, cell.opinions) for cell in tables["event_kind"].cells]
    assert kinds[-1] == ("Ej angiven", 9)
    assert len(kinds) == 2


def test_the_brochure_says_how_many_were_met_only_when_it_was_counted(client):
    """Found in a browser walk: a dialogue whose meetings counted no one read "Vi träffade
    0 personer; 20 av dem gav oss 20 synpunkter." The brochure says how many were met only
    when the meetings counted at least as many as gave opinions."""
    call_command("seed_demo", stdout=io.StringIO())
    uncounted = client.get(reverse("public:brochure", args=["sunne-cykelvag"])).content.decode()
    assert "Vi träffade 0 personer" not in uncounted
    assert re.search(r"\d+ personer gav oss \d+ synpunkter\.", uncounted)
    counted = client.get(reverse("public:brochure", args=["sunne-vision-2025"])).content.decode()
    assert re.search(r"Vi träffade \d+ personer; \d+ av dem gav oss", counted)


def test_a_targets_starting_value_has_its_unit_and_a_target_with_no_figure_its_direction(client):
    """Found in a browser walk: "Arbetslöshet 18–24 år: 10 % år 2025 från 18 år 2012" read as
    an age, and "Handläggningstid för bygglov … från 6 år 2013" as years; the brochure listed
    "Fler företag" bare where the page says "(öka)"; the staff's follow-up gave the unit only
    to the latest figure."""
    call_command("seed_demo", stdout=io.StringIO())
    outcome = client.get(reverse("public:outcome", args=["sunne-vision-2025"])).content.decode()
    assert "från 18 % år 2012" in outcome
    assert "från 6 veckor år 2013" in outcome
    brochure = client.get(reverse("public:brochure", args=["sunne-vision-2025"])).content.decode()
    assert "<li>Fler företag (öka)</li>" in brochure
    client.force_login(UserFactory(username="per", role="politician"))
    follow_up = client.get(reverse("staff:follow_up", args=["sunne-vision-2025"])).content.decode()
    assert "18 % (2012)" in follow_up
    assert "10 % (2025)" in follow_up


def test_the_categories_say_why_they_add_up_to_more_than_the_opinions(client):
    """Found in a browser walk: the demo's categories add up to 1,237 against the 1,080
    opinions above them, with nothing to say why; every other table adds up."""
    call_command("seed_demo", stdout=io.StringIO())
    page = client.get(reverse("public:results", args=["sunne-vision-2025"])).content.decode()
    assert "kan sorteras under mer än en kategori" in section(page, "heading-category")
    assert "mer än en kategori" not in section(page, "heading-area")
