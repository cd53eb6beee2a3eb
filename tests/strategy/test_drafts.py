"""Drafts: what changed between versions, frozen versions, review comments, the remiss and
the decision, as the strategist and the politicians meet them."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from strategy import document
from strategy.models import DraftVersion, Goal, ResponsePoint, Target
from strategy.services.consultation import (
    Invitee,
    consultation_send,
    point_dispose,
    response_record,
)
from strategy.services.decision import decision_record
from strategy.services.drafts import freeze, version_create, version_save
from strategy.services.strategy import goal_save
from tests.factories import (
    BodyFactory,
    CategoryFactory,
    OpinionFactory,
    ProcessFactory,
    StrategyFactory,
    UserFactory,
)

SECTIONS = [
    "Bakgrund",
    "Så gick dialogen till",
    "Vad invånarna sa",
    "Den politiska viljan",
    "Platsvarumärket",
    "Värmlandsstrategin",
    "Hur strategin följs upp",
    "Ordlista",
]


def real_sized(changed: bool = False) -> str:
    """About 6,000 words: eight sections of twelve paragraphs, as a municipal strategy has."""
    parts = []
    for s, title in enumerate(SECTIONS):
        parts.append(f"# {title}")
        for p in range(12):
            sentence = (
                f"Avsnitt {s} stycke {p}: Sunne ska vara platsen där modet växer och livet "
                f"är enkelt, med service i kyrkbyarna, goda kommunikationer och arbete nära "
                f"hemmet för alla som bor här och för dem som vill flytta hit. "
            )
            parts.append(sentence * 4)
    if changed:
        parts.insert(5, "Ett nytt stycke om cykelvägar mellan Sunne och Västra Ämtervik.")
        del parts[30]  # section 2, paragraph 2 (after the insertion)
        parts[60] = parts[60].replace("goda kommunikationer", "täta bussturer", 1)
    return "\n\n".join(parts)


def test_the_diff_of_a_real_sized_document_finds_each_change_and_only_those():
    old, new = real_sized(), real_sized(changed=True)
    assert len(old.split()) > 5000
    result = document.diff(old, new)
    assert (result.added, result.removed, result.changed) == (1, 1, 1)
    added = next(c for c in result.changes if c.kind == "added")
    assert added.text.startswith("Ett nytt stycke om cykelvägar")
    removed = next(c for c in result.changes if c.kind == "removed")
    assert removed.text.startswith("Avsnitt 2 stycke 2:")
    changed = next(c for c in result.changes if c.kind == "changed")
    assert ("removed", "goda kommunikationer") in changed.words
    assert ("added", "täta bussturer") in changed.words
    same = sum(1 for c in result.changes if c.kind == "same")
    assert same == len(SECTIONS) * 13 - 2


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="vision", stage="drafting")
    strategy = StrategyFactory(process=process, vision="Sunne är platsen där modet växer.")
    goal = Goal.objects.create(strategy=strategy, title="Fler bor kvar")
    Target.objects.create(
        goal=goal,
        indicator="Invånare",
        unit="personer",
        direction="increase",
        baseline_year=2013,
        baseline_value=13000,
        target_year=2025,
        target_value=14000,
    )
    return {
        "process": process,
        "strategy": strategy,
        "goal": goal,
        "strategist": UserFactory(username="sara", role="strategist"),
        "politician": UserFactory(username="per", role="politician"),
    }


def test_the_compare_page_shows_added_removed_and_changed_text(client, world):
    strategy, strategist = world["strategy"], world["strategist"]
    one = version_create(strategy=strategy, created_by=strategist)
    version_save(version=one, text=real_sized())
    two = version_create(strategy=strategy, created_by=strategist)
    version_save(version=two, text=real_sized(changed=True))
    client.force_login(world["politician"])
    page = client.get(
        reverse("staff:version_compare", args=["vision"]), {"from": 1, "to": 2}
    ).content.decode()
    assert "1 stycke tillagt, 1 borttaget, 1 ändrat" in page
    assert "<ins>Ett nytt stycke om cykelvägar" in page
    # Changed words are marked, and named for a screen reader, which does not read <ins>/<del>.
    assert (
        '<span class="visually-hidden" lang="sv">borttaget: </span><del>goda kommunikationer</del> '
        '<span class="visually-hidden" lang="sv">tillagt: </span><ins>täta bussturer</ins>'
    ) in page
    assert "<del>Avsnitt 2 stycke 2:" in page


def test_in_english_a_frozen_version_and_the_open_draft_are_compared_in_one_language(client, world):
    """Found in a browser walk: in English, version 1 (frozen, kept in Swedish) against the
    open draft (drawn in the reader's language) showed every heading and goal as changed,
    "removed: Goal 1 / added: Mål 1". Versions are compared in Swedish, the language a
    version is frozen in, and the English page says so."""
    strategy, strategist = world["strategy"], world["strategist"]
    one = version_create(strategy=strategy, created_by=strategist)
    version_save(version=one, text=real_sized())
    freeze(one)
    one.save()
    two = version_create(strategy=strategy, created_by=strategist)
    client.force_login(world["politician"])
    with translation.override("en"):
        url = reverse("staff:version_compare", args=["vision"])
    page = client.get(url, {"from": 1, "to": 2}).content.decode()
    assert two.number == 2
    assert "0 paragraphs added, 0 removed, 0 changed" in page
    assert "compared in Swedish" in page


def test_a_frozen_version_keeps_its_goals_when_the_data_changes(world):
    strategy, strategist = world["strategy"], world["strategist"]
    version = version_create(strategy=strategy, created_by=strategist)
    consultation_send(
        version=version,
        sent_on=datetime.date(2013, 12, 2),
        deadline=datetime.date(2014, 2, 1),
        consultees=[Invitee("Kommunstyrelsen", "committee")],
    )
    world["goal"].title = "Fler bor kvar och fler flyttar hit"
    goal_save(goal=world["goal"])
    version.refresh_from_db()
    assert version.status == DraftVersion.Status.FOR_CONSULTATION
    assert "# Mål 1: Fler bor kvar {#goal-1}\n" in document.version_document(version)
    assert "| 1.1 | Invånare | 13\xa0000 personer (2013) | 14\xa0000 personer år 2025 |" in (
        document.version_document(version)
    )
    with pytest.raises(ValidationError, match="kan inte längre ändras"):
        version_save(version=version, text="Ändrat i efterhand")
    newer = version_create(strategy=strategy, created_by=strategist)
    assert "Fler bor kvar och fler flyttar hit" in document.version_document(newer)


def test_a_version_keeps_its_goals_once_a_newer_one_begins(client, world):
    """Found in a browser walk: version 1, for review and never sent, showed the goals and
    targets as they are today, so the comparison with version 2 called what version 3 added
    "removed by version 2". A version's goals and targets are written down when the next
    version begins; only the newest shows them as they are now."""
    strategy, strategist = world["strategy"], world["strategist"]
    one = version_create(strategy=strategy, created_by=strategist)
    two = version_create(strategy=strategy, created_by=strategist)
    world["goal"].title = "Fler bor kvar och fler flyttar hit"
    goal_save(goal=world["goal"])
    one.refresh_from_db()
    assert "# Mål 1: Fler bor kvar {#goal-1}\n" in document.version_document(one)
    assert "Fler bor kvar och fler flyttar hit" in document.version_document(two)
    version_save(version=one, text="# Inledning\n\nRättat stavfel.")  # its text stays open
    client.force_login(world["politician"])
    url = reverse("staff:version_compare", args=["vision"])
    page = client.get(url, {"from": 1, "to": 2}).content.decode()
    assert "<ins>och fler flyttar hit</ins>" in page


def test_comparing_a_version_starts_from_the_one_before_it(client, world):
    """Found in the same walk: "Compare with another version" on version 2 of three compared
    version 2 with itself, and on version 1 compared backwards, from 2 to 1."""
    strategy, strategist = world["strategy"], world["strategist"]
    for _ in range(3):
        version_create(strategy=strategy, created_by=strategist)
    client.force_login(world["politician"])
    url = reverse("staff:version_compare", args=["vision"])
    for asked, shown in (({"to": 2}, (1, 2)), ({"to": 1}, (1, 2)), ({}, (2, 3))):
        response = client.get(url, asked)
        assert (response.context["old"].number, response.context["new"].number) == shown, asked


def test_markdown_is_sanitised(client, world):
    version = version_create(strategy=world["strategy"], created_by=world["strategist"])
    version_save(
        version=version,
        text='# Inledning\n\n<script>alert("x")</script> [länk](javascript:alert(1)) **viktigt**',
    )
    client.force_login(world["politician"])
    page = client.get(reverse("staff:version_detail", args=["vision", 1])).content.decode()
    assert '<h2 id="doc-inledning">Inledning</h2>' in page
    assert "<strong>viktigt</strong>" in page
    assert 'alert("x")' not in page.split("strategy-document")[1].split("</article>")[0]
    assert 'href="javascript:' not in page  # the history may quote the text, as text


def test_a_draft_can_style_nothing_but_the_tables_labels(client, world):
    """A table's cells carry their column's name in a span of a class of ours, for a phone;
    what the draft writes itself keeps no class and no attribute of its own."""
    version = version_create(strategy=world["strategy"], created_by=world["strategist"])
    version_save(
        version=version,
        text=(
            '# Inledning\n\n<span class="btn btn-danger" style="color:red" onclick="x()">'
            'Klicka</span> <td class="d-none">dolt</td>'
        ),
    )
    client.force_login(world["politician"])
    page = client.get(reverse("staff:version_detail", args=["vision", 1])).content.decode()
    article = page.split("strategy-document")[1].split("</article>")[0]
    assert re.search(r"<span( class=\"\")?>Klicka</span>", article)
    for written in ("btn", "color:red", "onclick", "d-none"):
        assert written not in article


def test_a_politician_comments_and_the_strategist_resolves(client, world):
    version = version_create(strategy=world["strategy"], created_by=world["strategist"])
    client.force_login(world["politician"])
    url = reverse("staff:comment_add", args=["vision", version.number])
    client.post(url, {"text": "Skriv mer om landsbygden."})
    comment = version.comments.get()
    assert comment.author == world["politician"]
    client.force_login(world["strategist"])
    assert client.post(url, {"text": "Strateger kommenterar inte."}).status_code == 403
    client.post(reverse("staff:comment_resolve", args=["vision", comment.pk]), {"resolved": "1"})
    comment.refresh_from_db()
    assert comment.resolved_by == world["strategist"]
    page = client.get(reverse("staff:version_list", args=["vision"])).content.decode()
    assert "0 / 1" in page


def test_a_point_not_accepted_needs_a_reason(client, world):
    strategy, strategist = world["strategy"], world["strategist"]
    version = version_create(strategy=strategy, created_by=strategist)
    consultation = consultation_send(
        version=version,
        sent_on=datetime.date(2013, 12, 2),
        deadline=datetime.date(2014, 2, 1),
        consultees=[Invitee("Företagarna", "business")],
    )
    response = response_record(
        consultation=consultation,
        consultee=consultation.consultees.get(),
        received_on=datetime.date(2014, 1, 20),
        text="Vi vill ha fler industritomter.",
        position="proposes_changes",
        points=["Fler industritomter", "Bredband till alla"],
        registered_by=strategist,
    )
    point = response.points.order_by("pk").first()
    client.force_login(strategist)
    url = reverse("staff:point_edit", args=["vision", point.pk])
    page = client.post(url, {"disposition": "not_accepted", "reason": " "}).content.decode()
    assert "Motivera varför punkten inte tillgodoses." in page
    point.refresh_from_db()
    assert point.disposition == ""
    client.post(url, {"disposition": "not_accepted", "reason": "Detaljplanen avgör."})
    point.refresh_from_db()
    assert (point.disposition, point.disposed_by) == ("not_accepted", strategist)
    with pytest.raises(ValidationError):
        point_dispose(point=point, disposition="not_accepted", reason="", disposed_by=strategist)
    assert ResponsePoint.objects.get(pk=point.pk).reason == "Detaljplanen avgör."


def test_a_resident_may_answer_on_their_own_and_the_summary_says_so(client, world):
    strategy, strategist = world["strategy"], world["strategist"]
    version = version_create(strategy=strategy, created_by=strategist)
    consultation = consultation_send(
        version=version,
        sent_on=datetime.date(2013, 12, 2),
        deadline=datetime.date(2014, 2, 1),
        consultees=[Invitee("Kommunstyrelsen", "committee")],
    )
    response_record(
        consultation=consultation,
        new_consultee="Karin i Rottneros",
        received_on=datetime.date(2014, 1, 5),
        text="Glöm inte badplatserna.",
        points=["Badplatser"],
        registered_by=strategist,
    )
    client.force_login(world["politician"])
    page = client.get(
        reverse("staff:consultation_summary", args=["vision", consultation.pk])
    ).content.decode()
    assert "Karin i Rottneros (svarade på eget initiativ)" in page
    # Kommunstyrelsen was asked and did not answer, and the summary says so.
    label = r'<span class="cell-label">[^<]+</span> '  # each value named, for a phone
    assert re.search(rf"<td>Kommunstyrelsen</td><td>{label}[^<]+</td><td>{label}nej</td>", page)


def test_the_decision_freezes_the_version_and_locks_the_strategy(world):
    strategy, strategist = world["strategy"], world["strategist"]
    version = version_create(strategy=strategy, created_by=strategist)
    decision = decision_record(
        strategy=strategy,
        version=version,
        body=BodyFactory(name="Kommunfullmäktige"),
        meeting_date=datetime.date(2014, 5, 26),
        minute_item="§ 61",
        case_number="KS 2012/241",
        text="Kommunfullmäktige antar Vision 2025.",
        minutes_approved_on=datetime.date(2014, 6, 2),
        announced_on=datetime.date(2014, 6, 3),
    )
    assert decision.last_day_to_appeal == datetime.date(2014, 6, 24)
    version.refresh_from_db()
    assert (version.status, version.is_frozen) == ("final", True)
    with pytest.raises(ValidationError, match="kan inte längre ändras"):
        version_save(version=version, text="x")
    with pytest.raises(ValidationError, match="Påbörja en ny version"):
        goal_save(goal=world["goal"])
    version_create(strategy=strategy, created_by=strategist)
    goal_save(goal=world["goal"])  # a new version opens the strategy for changes


def test_a_goal_draws_only_on_its_own_process(world):
    other = CategoryFactory(process=ProcessFactory(slug="other"))
    with pytest.raises(ValidationError):
        goal_save(goal=world["goal"], categories=[other])
    mine = CategoryFactory(process=world["process"])
    opinion = OpinionFactory(process=world["process"])
    goal_save(goal=world["goal"], categories=[mine], opinions=[opinion])
    assert list(world["goal"].categories.all()) == [mine]


def test_a_mistaken_target_or_goal_can_be_removed_but_not_one_with_follow_up(client, world):
    from strategy.models import Measurement

    client.force_login(world["strategist"])
    goal = world["goal"]
    target = goal.targets.get()
    Measurement.objects.create(target=target, period="2016", value=13100)
    page = client.post(
        reverse("staff:target_delete", args=["vision", target.pk]), follow=True
    ).content.decode()
    assert "har mätvärden; det behålls för uppföljningen" in page
    page = client.post(
        reverse("staff:goal_delete", args=["vision", goal.pk]), follow=True
    ).content.decode()
    assert "Flytta eller ta bort målets mätbara mål först." in page
    Measurement.objects.all().delete()
    client.post(reverse("staff:target_delete", args=["vision", target.pk]))
    client.post(reverse("staff:goal_delete", args=["vision", goal.pk]))
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_a_rewritten_paragraph_too_long_to_compare_word_by_word_is_shown_whole():
    """Comparing words costs the product of the two lengths: two versions of one 68 KB
    paragraph took a politician's GET 19 seconds. Such a paragraph is shown as taken out and
    put in; a short one still word by word."""
    long_old = " ".join(f"ord{n}" for n in range(11_000))
    long_new = long_old.replace("ord5000 ", "ändrat ")
    result = document.diff(f"Inledning.\n\n{long_old}", f"Inledning.\n\n{long_new}")
    changed = next(change for change in result.changes if change.kind == "changed")
    assert changed.words == [("removed", long_old), ("added", long_new)]
    short = document.diff("Fler bussar till Lysvik.", "Fler tåg till Lysvik.")
    assert short.changes[0].words == [
        ("same", "Fler"),
        ("removed", "bussar"),
        ("added", "tåg"),
        ("same", "till Lysvik."),
    ]


def test_a_long_draft_with_changes_throughout_is_compared_paragraph_by_paragraph():
    paragraphs = [f"Stycke {n} om Sunne och dess framtid." for n in range(5_000)]
    changed = list(paragraphs)
    for n in range(0, 5_000, 7):
        changed[n] = f"Stycke {n} om Sunne, omskrivet."
    del changed[100:103]
    changed.insert(2_000, "Ett nytt stycke.")
    result = document.diff("\n\n".join(paragraphs), "\n\n".join(changed))
    assert (result.added, result.removed) == (1, 3)
    assert result.changed == len(range(0, 5_000, 7))
    assert result.count("same") == 5_000 - 3 - result.changed


def test_swedish_dates_name_the_month_in_swedish_lower_case(client, world):
    """Found in a browser walk: the versions read "Påbörjad 7 Dec 2026", an English month
    abbreviation with a capital, as Django's "M" writes every language."""
    version_create(strategy=world["strategy"], created_by=world["strategist"])
    client.force_login(world["politician"])
    page = client.get(reverse("staff:version_list", args=["vision"])).content.decode()
    months = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
    assert re.search(rf"\d{{1,2}} ({months}) 20\d\d", page)
    assert not re.search(r"\d{1,2} [A-Z][a-z]{2} 20\d\d", page)
