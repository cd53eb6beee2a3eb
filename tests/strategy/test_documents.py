"""Drafts that read like documents: the targets in a table, headings below the page's own, a
contents list, a comparison of the text as it reads, and comments tied to their section."""

import datetime
import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation

from dialogues.stages import Stage
from strategy import document
from strategy.models import DraftVersion, Goal, Target
from strategy.services.consultation import Invitee, consultation_send
from strategy.services.drafts import version_create, version_save
from tests.factories import BodyFactory, ProcessFactory, StrategyFactory, UserFactory

SECTIONS = """# Inledning

Beredningens **förslag** efter dialogen, med [länk](https://sunne.se).

# Så gick dialogen till

Vi frågade invånarna var de är.
"""


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="vision", stage="drafting", is_public=True)
    strategy = StrategyFactory(process=process, vision="Sunne är platsen där modet växer.")
    ks = BodyFactory(name="Kommunstyrelsen", abbreviation="KS")
    first = Goal.objects.create(strategy=strategy, order=1, title="Fler bor kvar")
    second = Goal.objects.create(strategy=strategy, order=2, title="Livet är enkelt")
    Target.objects.create(
        goal=first,
        order=1,
        indicator="Invånare",
        unit="personer",
        direction="increase",
        baseline_year=2013,
        baseline_value=13000,
        target_year=2025,
        target_value=14000,
        source_kind="kolada",
        kolada_kpi="N01951",
        kolada_municipality="1766",
        responsible_body=ks,
    )
    Target.objects.create(
        goal=first,
        order=2,
        indicator="Nystartade företag | per år",
        unit="st",
        direction="increase",
        baseline_year=2012,
        baseline_value=45,
        source_kind="scb",
        source_note="illustrativt",
    )
    Target.objects.create(
        goal=second, indicator="Gång- och cykelväg", unit="km", direction="increase"
    )
    strategist = UserFactory(username="sara", role="strategist")
    version = version_create(strategy=strategy, created_by=strategist)
    version_save(version=version, text=SECTIONS)
    return {
        "process": process,
        "strategy": strategy,
        "goal": first,
        "version": version,
        "strategist": strategist,
        "politician": UserFactory(username="per", role="politician"),
    }


def page_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def text(element) -> str:
    return re.sub(r"[ \t\n]+", " ", element.text_content()).strip()  # keeps "13\xa0000"


def rows(table) -> list[list[str]]:
    """The table's cells as a desktop shows them: without the column names a phone shows."""
    return [[value(cell) for cell in row.xpath("./th|./td")] for row in table.xpath(".//tr")]


def value(cell) -> str:
    words = cell.xpath(".//text()[not(ancestor::*[contains(@class, 'cell-label')])]")
    return re.sub(r"[ \t\n]+", " ", "".join(words)).strip()


def labels(table) -> list[list[str]]:
    """The column names each row's cells carry, which a phone shows beside their values."""
    return [
        [text(label) for label in row.xpath("./td/span[@class='cell-label']")]
        for row in table.xpath("./tbody/tr")
    ]


HEADER = ["Nr", "Indikator", "Utgångsläge", "Mål", "Källa", "Ansvarig"]
GOAL_1_ROWS = [
    HEADER,
    [
        "1.1",
        "Invånare",
        "13\xa0000 personer (2013)",
        "14\xa0000 personer år 2025",
        "Kolada N01951",
        "Kommunstyrelsen (KS)",
    ],
    [
        "1.2",
        "Nystartade företag | per år",
        "45 st (2012)",
        "öka",
        "Statistiska centralbyrån (SCB), illustrativt",
        "",
    ],
]


def test_the_targets_of_a_goal_are_a_numbered_table_on_the_staff_version(client, world):
    client.force_login(world["politician"])
    page = page_of(client, reverse("staff:version_detail", args=["vision", 1]))
    article = page.xpath("//article[contains(@class, 'strategy-document')]")[0]
    tables = article.xpath(".//table")
    assert len(tables) == 2  # one per goal
    assert rows(tables[0]) == GOAL_1_ROWS
    assert rows(tables[1])[1][:2] == ["2.1", "Gång- och cykelväg"]
    # On a phone each target is a card, each value under its column's name.
    assert "stack-on-phone" in tables[0].get("class")
    assert labels(tables[0]) == [HEADER, HEADER]
    # Not run together in one paragraph.
    assert not any("1.2" in text(p) for p in article.xpath(".//p"))


def test_the_public_whole_document_shows_the_targets_as_a_table(client, world):
    consultation_send(
        version=world["version"],
        sent_on=datetime.date(2013, 12, 2),
        deadline=datetime.date(2014, 2, 1),
        consultees=[Invitee("Kommunstyrelsen", "committee")],
    )
    world["process"].stage = Stage.CONSULTATION
    world["process"].save()
    page = page_of(client, reverse("public:outcome", args=["vision"]))
    whole = page.xpath("//details//div[contains(@class, 'document')]")[0]
    assert rows(whole.xpath(".//table")[0]) == GOAL_1_ROWS


def test_document_headings_begin_one_level_below_the_page_heading(client, world):
    client.force_login(world["politician"])
    page = page_of(client, reverse("staff:version_detail", args=["vision", 1]))
    assert len(page.xpath("//h1")) == 1
    article = page.xpath("//article[contains(@class, 'strategy-document')]")[0]
    headings = [(h.tag, text(h)) for h in article.xpath(".//h1|.//h2|.//h3|.//h4")]
    assert headings[:2] == [("h2", "Inledning"), ("h2", "Så gick dialogen till")]
    assert ("h2", "Mål 1: Fler bor kvar") in headings
    assert ("h3", "Mätbara mål") in headings
    assert not any(tag == "h1" for tag, _ in headings)

    consultation_send(
        version=world["version"],
        sent_on=datetime.date(2013, 12, 2),
        deadline=datetime.date(2014, 2, 1),
        consultees=[Invitee("Kommunstyrelsen", "committee")],
    )
    public = page_of(client, reverse("public:outcome", args=["vision"]))
    whole = public.xpath("//details//div[contains(@class, 'document')]")[0]
    levels = {h.tag for h in whole.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")}
    # The page has h1 (the process), h2 (What we did), h3 (the document): it starts at h4.
    assert levels == {"h4", "h5"}


def test_a_long_document_has_a_linked_contents_list_and_a_short_one_none(client, world):
    client.force_login(world["politician"])
    page = page_of(client, reverse("staff:version_detail", args=["vision", 1]))
    contents = page.xpath("//nav[@aria-labelledby][.//p[text()='Innehåll']]")
    assert len(contents) == 1
    links = contents[0].xpath(".//a")
    assert [text(a) for a in links] == [
        "Inledning",
        "Så gick dialogen till",
        "Vision",
        "Mål 1: Fler bor kvar",
        "Mål 2: Livet är enkelt",
    ]
    for link in links:
        target = page.get_element_by_id(link.get("href").removeprefix("#"))
        assert target.tag == "h2"
        assert text(target) == text(link)

    version_save(version=world["version"], text="")
    short = page_of(client, reverse("staff:version_detail", args=["vision", 1]))
    assert len(short.xpath("//article//h2")) == 3  # the vision and two goals
    assert not short.xpath("//nav[.//p[text()='Innehåll']]")


def test_the_comparison_shows_the_text_as_it_reads_and_only_what_changed(client, world):
    strategy, strategist = world["strategy"], world["strategist"]
    consultation_send(
        version=world["version"],
        sent_on=datetime.date(2013, 12, 2),
        deadline=datetime.date(2014, 2, 1),
        consultees=[Invitee("Kommunstyrelsen", "committee")],
    )
    Target.objects.create(
        goal=world["goal"], order=3, indicator="Handläggningstid för bygglov", direction="decrease"
    )
    two = version_create(strategy=strategy, created_by=strategist)
    version_save(
        version=two,
        text=SECTIONS.replace("var de är", "var de bor och arbetar")
        + "\n# Efter remissen\n\nRemissen gav ett **nytt** mål.\n",
    )
    client.force_login(world["politician"])
    url = reverse("staff:version_compare", args=["vision"])
    page = page_of(client, url, **{"from": 1, "to": 2})
    diff = page.xpath("//div[contains(@class, 'diff')]")[0]
    shown = text(diff)
    for markup in ("#", "**", "|", "---"):
        assert markup not in shown, markup
    added = [text(ins) for ins in diff.xpath(".//ins")]
    assert "Efter remissen" in added
    assert "Remissen gav ett nytt mål." in added
    rows_added = [" ".join(a.replace("·", " ").split()) for a in added]
    assert any(a.startswith("1.3 Handläggningstid för bygglov minska") for a in rows_added)
    assert "bor och arbetar" in " ".join(added)
    # A heading reads as a heading, one level below the page's.
    assert diff.xpath(".//h2[.//ins[text()='Efter remissen']]")
    # Only the changes, with the section each is in: unchanged text is counted, not shown.
    assert "Beredningens förslag" not in shown
    assert "oförändrade stycken" in shown
    assert diff.xpath(".//h3[text()='Mätbara mål']")  # the section the new target is in
    whole = page_of(client, url, **{"from": 1, "to": 2, "whole": 1})
    whole = text(whole.xpath("//div[contains(@class, 'diff')]")[0])
    assert "Beredningens förslag efter dialogen, med länk." in whole
    assert "oförändrade" not in whole


def test_a_comment_is_tied_to_a_section_and_shown_under_it(client, world):
    client.force_login(world["politician"])
    url = reverse("staff:version_detail", args=["vision", 1])
    page = page_of(client, url)
    options = {
        o.get("value"): text(o) for o in page.xpath("//form//select[@name='section']/option")
    }
    assert options[""] == "Hela versionen"
    assert options["inledning"] == "Inledning"
    assert options["goal-1"] == "Mål 1: Fler bor kvar"
    assert options["goal-1-targets"] == "Mål 1: Fler bor kvar › Mätbara mål"

    add = reverse("staff:comment_add", args=["vision", 1])
    response = client.post(add, {"text": "Skriv om bredbandet.", "section": "goal-1"})
    assert response.url.endswith("#doc-goal-1")
    client.post(add, {"text": "Bra helhet.", "section": ""})
    assert client.post(add, {"text": "Fel.", "section": "finns-inte"}).status_code == 302
    comments = world["version"].comments.order_by("pk")
    assert [(c.text, c.section) for c in comments] == [
        ("Skriv om bredbandet.", "goal-1"),
        ("Bra helhet.", ""),
    ]

    page = page_of(client, url)
    article = page.xpath("//article[contains(@class, 'strategy-document')]")[0]
    heading = page.get_element_by_id("doc-goal-1")
    # Under its section: after the goal's heading, before the next heading.
    after = heading.xpath("following::*[self::h2 or self::h3 or contains(@class, 'card')][1]")[0]
    assert "Skriv om bredbandet." in text(after)
    assert "Skriv om bredbandet." in text(article)
    side = page.get_element_by_id("comments")
    assert "Bra helhet." in text(side)
    assert "Skriv om bredbandet." not in text(side.xpath(".//div[contains(@class, 'card')]")[0])


def test_a_version_frozen_before_the_targets_table_still_lists_its_targets(client, world):
    version = world["version"]
    DraftVersion.objects.filter(pk=version.pk).update(
        frozen_at=datetime.datetime(2013, 12, 2, tzinfo=datetime.UTC),
        data_snapshot="## Vision\n\nSunne.\n\n## Mål 1: Fler bor kvar\n\n### Mätbara mål\n\n"
        "1.1. Invånare, från 13 000 personer (2013) (källa: Kolada N01951)\n"
        "1.2. Nystartade företag, öka (källa: SCB). Ansvarig: KS\n",
    )
    client.force_login(world["politician"])
    page = page_of(client, reverse("staff:version_detail", args=["vision", 1]))
    items = page.xpath("//article//li[not(ancestor::nav)]")
    assert [text(li)[:20] for li in items] == ["1.1. Invånare, från ", "1.2. Nystartade före"]
    assert page.get_element_by_id("doc-mal-1-fler-bor-kvar").tag == "h2"


def test_section_anchors_do_not_depend_on_the_language():
    sections = document.render_document(
        "# Vision {#vision}\n\nText.\n\n# Mål 1: Fler bor kvar {#goal-1}\n\nMer.", top=2
    ).sections
    assert [(s.slug, s.title) for s in sections] == [
        ("vision", "Vision"),
        ("goal-1", "Mål 1: Fler bor kvar"),
    ]


@pytest.mark.parametrize("role", ["politician", "facilitator"])
def test_the_decision_form_is_shown_only_to_those_who_may_record_it(client, world, role):
    """Found in a browser walk: a politician saw the whole form to record the council's
    decision, filled it in, and got "no access" with everything typed lost."""
    version_create(strategy=world["strategy"], created_by=UserFactory(role="strategist"))
    url = reverse("staff:decision", args=["vision"])
    client.force_login(UserFactory(username=role, role=role))
    page = client.get(url).content.decode()
    assert "Registrera beslutet" not in page
    assert 'name="version"' not in page
    assert "Beslutet registreras av en administratör eller strateg." in page
    client.force_login(UserFactory(username="strateg", role="strategist"))
    assert 'name="version"' in client.get(url).content.decode()


def test_a_politician_follows_a_goal_to_the_opinions_it_cites(client, world):
    """Found in a browser walk: a goal said "3 opinions cited" as plain text, and a politician
    (who may not open the analysis) had no way from the goal to the words it came from."""
    from tests.factories import OpinionFactory

    goal = Goal.objects.get(title="Fler bor kvar")
    opinion = OpinionFactory(process=world["strategy"].process, original_text="Fler hyresrätter.")
    goal.opinions.add(opinion)
    client.force_login(UserFactory(username="politiker", role="politician"))
    page = client.get(reverse("staff:strategy", args=["vision"])).content.decode()
    link = reverse("staff:opinion_detail", args=[opinion.pk])
    assert f'href="{link}"' in page
    assert "Fler hyresrätter." in client.get(link).content.decode()


def test_after_the_deadline_those_who_did_not_answer_are_not_said_to_be_still_waited_for(
    client, world
):
    """Found in a browser walk: months after the remiss closed, its page still listed
    "Has not answered yet" (Har inte svarat ännu), as if an answer were still to come."""
    from tests.factories import ConsultationFactory, ConsulteeFactory

    version = DraftVersion.objects.filter(strategy=world["strategy"]).first()
    consultation = ConsultationFactory(strategy=world["strategy"], version=version)  # 2014
    ConsulteeFactory(consultation=consultation, name="Socialnämnden")
    client.force_login(UserFactory(username="strateg", role="strategist"))
    url = reverse("staff:consultation_detail", args=["vision", consultation.pk])
    page = client.get(url).content.decode()
    assert "Svarade inte före sista svarsdagen" in page
    assert "Har inte svarat ännu" not in page


def test_in_english_the_draft_is_the_swedish_document_and_marked_so(client, world):
    """Found in a browser walk: on an English page the open draft mixed its Swedish sections
    with goals and tables drawn in English ("Inledning", then "Goal 1"), and the frozen
    Swedish versions were marked English, so a screen reader read Swedish with an English
    voice. The document is the Swedish one on every page, marked as Swedish; what the page
    says around it stays in the reader's language."""
    Goal.objects.filter(pk=world["goal"].pk).update(title_en="More stay")
    client.force_login(world["politician"])
    with translation.override("en"):
        url = reverse("staff:version_detail", args=["vision", 1])
    page = page_of(client, url)
    article = page.xpath("//article[contains(@class, 'strategy-document')]")[0]
    headings = [text(h) for h in article.xpath(".//h2|.//h3")]
    assert "Mål 1: Fler bor kvar" in headings
    assert "Mätbara mål" in headings
    assert not any("Goal" in heading or "More stay" in heading for heading in headings)
    for heading in article.xpath(".//h2|.//h3"):
        assert heading.xpath("ancestor-or-self::*[@lang][1]/@lang") == ["sv"], text(heading)
    contents = article.xpath(".//nav[contains(@class, 'document-contents')]")[0]
    assert text(contents.xpath(".//p")[0]) == "Contents"
    assert contents.xpath(".//p")[0].xpath("ancestor-or-self::*[@lang][1]/@lang") != ["sv"]
    assert "The document is in Swedish" in text(page.xpath("//main")[0])
