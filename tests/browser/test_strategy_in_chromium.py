"""From the analysis to the council's decision, in a real browser: a strategist writes the
vision, a goal and two targets drawn from categories and opinions, a politician comments on a
draft, the remiss goes out to three consultees, two responses come back and every point is
handled, the summary downloads as .docx, the decision is recorded and the process is adopted."""

import datetime
import io
import re

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from dialogues.models import Process
from strategy.models import Decision, DraftVersion, Goal, ResponsePoint, Target
from tests.factories import (
    BodyFactory,
    CategoryFactory,
    FinalCodingFactory,
    OpinionFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ett-långt-lösenord"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def world(db):
    for username, role in [
        ("anna", "administrator"),
        ("sara", "strategist"),
        ("per", "politician"),
    ]:
        UserFactory(username=username, password=PASSWORD, role=role)
    process = ProcessFactory(slug="vision", title="Vision 2025", stage="drafting")
    BodyFactory(name="Kommunfullmäktige")
    transport = CategoryFactory(process=process, name="Kommunikationer")
    jobs = CategoryFactory(process=process, name="Arbete och näringsliv")
    opinions = []
    for text, category in [
        ("Fler bussar till Lysvik.", transport),
        ("Cykelväg till Rottneros.", transport),
        ("Fler jobb för unga.", jobs),
    ]:
        opinion = OpinionFactory(process=process, original_text=text)
        FinalCodingFactory(opinion=opinion, category=category)
        opinions.append(opinion)
    return {"process": process, "opinions": opinions}


def signed_in(chromium, live_server, username):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**" + reverse("staff:process_list"))
    return page


def saved(page, message):
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(message)


def test_the_whole_path_from_analysis_to_an_adopted_strategy(live_server, world, chromium):
    base = live_server.url
    today = datetime.date.today()  # noqa: DTZ011  (the browser's dates are local dates)
    sara = signed_in(chromium, live_server, "sara")

    # The vision, a goal drawn from a category and an opinion, and two targets.
    sara.goto(base + reverse("staff:strategy", args=["vision"]))
    sara.get_by_role("link", name="Skriv visionen").click()
    sara.locator("[name=title]").fill("Vision 2025")
    sara.locator("[name=vision]").fill("Sunne är platsen där modet växer.")
    sara.locator("[name=period_start]").fill("2014")
    sara.locator("[name=period_end]").fill("2025")
    sara.get_by_role("button", name="Spara").click()
    saved(sara, "Visionen har sparats.")
    sara.get_by_role("link", name="Nytt mål").click()
    sara.locator("[name=title]").fill("Livet i Sunne är enkelt")
    sara.get_by_label("Kommunikationer").check()
    sara.locator("[name=opinion_ids]").fill(str(world["opinions"][0].pk))
    sara.get_by_role("button", name="Spara").click()
    saved(sara, "Målet har sparats.")
    for indicator, direction, target_value, kpi in [
        ("Invånare", "öka", "14000", "N01951"),
        ("Fler företag", "öka", "", ""),
    ]:
        sara.get_by_role("link", name="Lägg till ett mätbart mål Livet i Sunne är enkelt").click()
        sara.locator("[name=indicator]").fill(indicator)
        sara.locator("[name=direction]").select_option(label=direction)
        sara.locator("[name=baseline_year]").fill("2013")
        sara.locator("[name=baseline_value]").fill("13000" if kpi else "1450")
        if target_value:
            sara.locator("[name=target_year]").fill("2025")
            sara.locator("[name=target_value]").fill(target_value)
        if kpi:
            sara.locator("[name=source_kind]").select_option(value="kolada")
            sara.locator("[name=kolada_kpi]").fill(kpi)
            sara.locator("[name=kolada_municipality]").fill("1766")
        sara.get_by_role("button", name="Spara").click()
        saved(sara, "Det mätbara målet har sparats.")
    goal = Goal.objects.get(strategy__process=world["process"])
    assert list(goal.opinions.all()) == [world["opinions"][0]]
    assert Target.objects.filter(goal=goal).count() == 2
    # The weaving shows what no goal uses, not hidden.
    expect(sara.get_by_text("Kategorier som inget mål använder")).to_be_visible()
    expect(sara.locator(".alert-warning")).to_contain_text("Arbete och näringsliv")

    # A draft version, its own sections in Markdown.
    sara.get_by_role("link", name="Utkast", exact=True).click()
    sara.get_by_role("button", name="Påbörja en ny version").click()
    sara.locator("[name=text]").fill("# Inledning\n\nBeredningens förslag efter dialogen.")
    sara.get_by_role("button", name="Spara").click()
    saved(sara, "Version 1 har sparats.")
    expect(sara.locator("article.strategy-document h2").first).to_have_text("Inledning")
    expect(sara.locator("article.strategy-document")).to_contain_text("Mål 1: Livet i Sunne")

    # A politician comments on the version.
    per = signed_in(chromium, live_server, "per")
    per.goto(base + reverse("staff:version_detail", args=["vision", 1]))
    per.get_by_role("textbox", name="Kommentar").fill("Skriv något om landsbygden.")
    per.get_by_role("button", name="Lägg till kommentaren").click()
    expect(per.locator("#comments")).to_contain_text("Skriv något om landsbygden.")
    expect(per.get_by_role("link", name="Ändra texten")).to_have_count(0)

    # The remiss goes out to three consultees; sending freezes the version.
    sara.goto(base + reverse("staff:version_detail", args=["vision", 1]))
    sara.get_by_role("link", name="Skicka ut på remiss").click()
    sara.locator("[name=sent_on]").fill((today - datetime.timedelta(days=60)).isoformat())
    sara.locator("[name=deadline]").fill((today - datetime.timedelta(days=2)).isoformat())
    sara.locator("[name=consultees]").fill(
        "Kommunstyrelsen; nämnd\nSunne Företagarförening; förening\nHembygdsföreningarna"
    )
    sara.get_by_role("button", name="Skicka ut").click()
    saved(sara, "Version 1 har skickats ut på remiss.")
    assert DraftVersion.objects.get(number=1).is_frozen

    # Two responses: an invited consultee, and a resident on their own.
    received = (today - datetime.timedelta(days=10)).isoformat()
    for who, points in [
        ("Sunne Företagarförening", "Fler industritomter\nKortare handläggning av bygglov"),
        ("", "Glöm inte badplatserna"),
    ]:
        sara.get_by_role("link", name="Registrera ett svar").click()
        if who:
            sara.locator("[name=consultee]").select_option(label=who)
        else:
            sara.locator("[name=new_consultee]").fill("Karin i Lysvik")
        sara.locator("[name=received_on]").fill(received)
        sara.locator("[name=position]").select_option(value="proposes_changes")
        sara.locator("[name=text]").fill("Vårt svar på remissen.")
        sara.locator("[name=points]").fill(points)
        sara.get_by_role("button", name="Spara").click()
        saved(sara, "Svaret har registrerats.")
    expect(sara.get_by_text("3 punkter i svaren, 3 utan ställningstagande")).to_be_visible()

    # "Ej tillgodosedd" without a reason is refused; then every point gets a disposition.
    consultation_url = sara.url
    sara.get_by_role("link", name=re.compile("^Hantera Fler industritomter")).click()
    sara.locator("[name=disposition]").select_option(label="ej tillgodosedd")
    sara.get_by_role("button", name="Spara").click()
    expect(sara.get_by_text("Motivera varför punkten inte tillgodoses.")).to_be_visible()
    assert ResponsePoint.objects.get(summary="Fler industritomter").disposition == ""
    sara.locator("[name=reason]").fill("Detaljplanen avgör var industrin får ligga.")
    sara.get_by_role("button", name="Spara").click()
    saved(sara, "Ställningstagandet till punkten har sparats.")
    for summary, disposition in [
        ("Kortare handläggning", "tillgodosedd"),
        ("Glöm inte badplatserna", "noterad"),
    ]:
        sara.get_by_role("link", name=re.compile(f"^Hantera {summary}")).click()
        sara.locator("[name=disposition]").select_option(label=disposition)
        sara.get_by_role("button", name="Spara").click()
        saved(sara, "Ställningstagandet till punkten har sparats.")
    expect(sara.get_by_text("3 punkter i svaren, 0 utan ställningstagande")).to_be_visible()

    # The summary renders, and downloads as a Word document with every point.
    sara.get_by_role("link", name="Remissammanställning").click()
    expect(sara.get_by_role("heading", name="Remissammanställning")).to_be_visible()
    expect(sara.locator("main")).to_contain_text("Karin i Lysvik (svarade på eget initiativ)")
    expect(sara.locator("main")).to_contain_text("Detaljplanen avgör")
    with sara.expect_download() as download:
        sara.get_by_role("link", name="Sammanställningen som Word (.docx)").click()
    word = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert {"Fler industritomter", "ej tillgodosedd", "Hembygdsföreningarna"} <= cells
    assert "Detaljplanen avgör var industrin får ligga." in cells

    # The administrator takes the process through the remiss.
    anna = signed_in(chromium, live_server, "anna")
    for stage in ["Remiss", "Bearbetning"]:
        anna.goto(base + reverse("staff:process_detail", args=["vision"]))
        anna.get_by_role("button", name=re.compile("^Flytta till")).click()
        expect(anna.locator(".alert-success")).to_contain_text(stage)

    # The decision adopts the version; it then refuses edits.
    sara.goto(base + reverse("staff:decision", args=["vision"]))
    sara.locator("[name=version]").select_option(value=str(DraftVersion.objects.get(number=1).pk))
    sara.locator("[name=body]").select_option(label="Kommunfullmäktige")
    sara.locator("[name=meeting_date]").fill(today.isoformat())
    sara.locator("[name=minute_item]").fill("§ 61")
    sara.locator("[name=case_number]").fill("KS 2012/241")
    sara.locator("[name=text]").fill("Kommunfullmäktige antar Vision 2025.")
    sara.locator("[name=announced_on]").fill(today.isoformat())
    sara.get_by_role("button", name="Registrera beslutet").click()
    saved(sara, "Beslutet har registrerats: version 1 är antagen.")
    appeal = today + datetime.timedelta(weeks=3)
    expect(sara.locator("main")).to_contain_text(f"{appeal.day} ")
    assert Decision.objects.get().last_day_to_appeal == appeal
    sara.goto(base + reverse("staff:version_edit", args=["vision", 1]))
    expect(sara.get_by_text("Version 1 har skickats ut eller antagits")).to_be_visible()
    expect(sara.get_by_role("link", name="Ändra texten")).to_have_count(0)
    assert DraftVersion.objects.get(number=1).text == (
        "# Inledning\n\nBeredningens förslag efter dialogen."
    )

    anna.goto(base + reverse("staff:process_detail", args=["vision"]))
    anna.get_by_role("button", name=re.compile("^Flytta till")).click()
    expect(anna.locator(".alert-success")).to_contain_text("Antagen")
    assert Process.objects.get(slug="vision").stage == "adopted"

    # The pages of the path pass axe.
    axe = Axe()
    sara.emulate_media(reduced_motion="reduce")
    problems = {}
    for name, args in [
        ("staff:strategy", ["vision"]),
        ("staff:version_list", ["vision"]),
        ("staff:version_detail", ["vision", 1]),
        ("staff:consultation_list", ["vision"]),
        ("staff:decision", ["vision"]),
        ("staff:follow_up", ["vision"]),
        ("staff:target_follow_up", ["vision", Target.objects.first().pk]),
    ]:
        sara.goto(base + reverse(name, args=args))
        results = axe.run(sara, options=WCAG_21_AA)
        if results.violations_count:
            problems[name] = results.generate_report()
    sara.goto(consultation_url)
    results = axe.run(sara, options=WCAG_21_AA)
    if results.violations_count:
        problems["consultation"] = results.generate_report()
    assert not problems, problems

    # On a phone, the remiss, its summary and the adopted version fit the screen.
    phone = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    small = phone.new_page()
    small.goto(base + reverse("login"))
    small.get_by_label("Användarnamn").fill("sara")
    small.get_by_label("Lösenord").fill(PASSWORD)
    small.get_by_role("button", name="Logga in").click()
    small.wait_for_url("**" + reverse("staff:process_list"))
    for url in [
        consultation_url,
        consultation_url + "summary/",
        base + reverse("staff:version_detail", args=["vision", 1]),
        base + reverse("staff:follow_up", args=["vision"]),
    ]:
        small.goto(url)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} is {width} px wide on a phone"
    phone.close()
