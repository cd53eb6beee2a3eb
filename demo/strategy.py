"""The Sunne strategy in the demo: the vision, four goals drawn from the ten categories, 28
measurable targets, three draft versions, the remiss with its responses and how each point was
handled, and the council's decision. The figures are illustrative (marked so); the one Kolada
KPI named is real: N01951, the municipality's population, for Sunne (1766)."""

import datetime
from decimal import Decimal

from demo.frame import ILLUSTRATIVE
from dialogues.models import Process
from opinions.models import Category, FinalCoding
from strategy import document
from strategy.models import (
    Consultation,
    Consultee,
    Decision,
    DraftVersion,
    Goal,
    Measurement,
    PolicyInput,
    Response,
    ResponsePoint,
    ReviewComment,
    Strategy,
    Target,
)

VISION = "Sunne är platsen där modet växer, livet är enkelt och allting är möjligt."

GOALS = [
    ("Sunne växer med mod och företagsamhet", "Näringsliv, entreprenörskap och arbete."),
    ("Livet i Sunne är enkelt", "Boende, kommunikationer och service i hela kommunen."),
    ("I Sunne är allting möjligt för unga och gamla", "Skola, kultur, fritid och omsorg."),
    ("Sunne är känt för natur, kultur och gästfrihet", "Besöksnäring, natur och kulturarv."),
]

POLICY_INPUTS = [
    ("Den politiska viljan", PolicyInput.Kind.POLITICAL_WILL, "Beredningens ställningstaganden"),
    ("Platsvarumärket Sunne", PolicyInput.Kind.PLACE_BRAND, "Varumärkesarbetet"),
    ("Värmlandsstrategin", PolicyInput.Kind.REGIONAL_STRATEGY, "Region Värmland"),
]
SUNNE = "1766"

# Which categories each goal draws on, by the goal's order.
GOAL_CATEGORIES = {
    1: ["Arbete och näringsliv", "Service och handel på landsbygden"],
    2: ["Boende och bostäder", "Kommunikationer och vägar", "Service och handel på landsbygden"],
    3: ["Skola och utbildning", "Fritid och idrott", "Omsorg och hälsa", "Kultur och evenemang"],
    4: ["Turism och besöksnäring", "Natur och miljö", "Kultur och evenemang"],
}
GOAL_INPUTS = {
    1: ["Den politiska viljan", "Värmlandsstrategin"],
    2: ["Den politiska viljan"],
    3: ["Den politiska viljan"],
    4: ["Platsvarumärket Sunne", "Värmlandsstrategin"],
}

UP, DOWN, KEEP, OWN = "increase", "decrease", "maintain", "own_survey"
# goal, indicator, unit, direction, baseline (year, value), target (year, value), source, body
TARGETS = [
    (1, "Invånare", "personer", UP, (2012, 13100), (2025, 14000), "kolada", "ks"),
    (1, "Nystartade företag per 1 000 invånare", "företag", UP, (2012, "4.5"), (2025, 6), "scb",
     "ks"),
    (1, "Förvärvsarbetande 20–64 år", "%", UP, (2012, 78), (2025, 82), "scb", "ks"),
    (1, "Fler företag", "företag", UP, (2012, 1450), None, "scb", "ks"),
    (1, "Arbetslöshet 18–24 år", "%", DOWN, (2012, 18), (2025, 10), "other", "ks"),
    (1, "Betyg på företagsklimatet", "betyg", UP, (2013, "3.2"), (2025, 4), "other", "ks"),
    (1, "Mark för företag i antagna planer", "hektar", KEEP, (2013, 20), (2025, 20), OWN, "ks"),
    (2, "Nya bostäder per år", "bostäder", UP, (2012, 15), (2025, 40), "scb", "ks"),
    (2, "Hushåll med bredband om minst 100 Mbit/s", "%", UP, (2013, 35), (2025, 90), "other", "ks"),
    (2, "Kollektivtrafikresor per invånare", "resor", UP, (2013, 18), (2025, 25), "other", "ks"),
    (2, "Dagligvarubutiker i kyrkbyarna", "butiker", KEEP, (2013, 4), (2025, 4), OWN, "ks"),
    (2, "Invånare som rekommenderar Sunne", "NRI", UP, (2013, 60), (2025, 70), OWN, "ks"),
    (2, "Gång- och cykelväg", "km", UP, (2013, 35), (2025, 50), OWN, "ks"),
    (2, "Handläggningstid för bygglov", "veckor", DOWN, (2013, 6), (2025, 3), OWN, "ks"),
    (3, "Elever i åk 9 behöriga till gymnasiet", "%", UP, (2013, 85), (2025, 95), "other", "ks"),
    (3, "Gymnasieelever med examen inom fyra år", "%", UP, (2013, 75), (2025, 85), "other", "ks"),
    (3, "Unga som är nöjda med sin fritid", "%", UP, (2013, 55), (2025, 70), OWN, "ks"),
    (3, "Väntetid till särskilt boende", "dagar", DOWN, (2013, 60), (2025, 30), OWN, "sn"),
    (3, "Äldre som är nöjda med hemtjänsten", "%", UP, (2013, 88), (2025, 95), OWN, "sn"),
    (3, "Besök på biblioteket per invånare", "besök", UP, (2013, 5), None, OWN, "ks"),
    (3, "Ohälsotal", "dagar", DOWN, (2013, 35), (2025, 28), "other", "sn"),
    (4, "Gästnätter", "nätter", UP, (2012, 250000), (2025, 350000), "scb", "ks"),
    (4, "Omsättning i besöksnäringen", "mnkr", UP, (2012, 600), (2025, 900), "other", "ks"),
    (4, "Evenemang med fler än 1 000 besökare", "evenemang", UP, (2013, 8), (2025, 15), OWN, "ks"),
    (4, "Badplatser med godkänt vatten", "%", KEEP, (2013, 100), (2025, 100), OWN, "ks"),
    (4, "Skyddad natur", "% av landarealen", UP, (2013, 2), (2025, 4), "scb", "ks"),
    (4, "Besökare som vill komma tillbaka", "%", UP, (2013, 80), (2025, 90), OWN, "ks"),
    (4, "Kulturarrangemang per år", "arrangemang", UP, (2013, 120), None, OWN, "ks"),
]  # fmt: skip
ADDED_AFTER_REMISS = "Handläggningstid för bygglov"
SENT = datetime.datetime(2013, 12, 2, 9, tzinfo=datetime.UTC)
WRITTEN = {  # when each version was begun (ILLUSTRATIVE)
    1: datetime.datetime(2013, 9, 16, 9, tzinfo=datetime.UTC),
    2: datetime.datetime(2013, 11, 11, 9, tzinfo=datetime.UTC),
    3: datetime.datetime(2014, 3, 3, 9, tzinfo=datetime.UTC),
}
GOAL_3_AFTER_REMISS = (
    "Skola, kultur, fritid och omsorg, där de äldre har inflytande över sin vardag.",
    "School, culture, leisure and care, where older people have a say over their daily lives.",
)

# Illustrative yearly figures for a few targets (totals).
MEASUREMENTS = {
    "Invånare": [(2014, 13010), (2016, 13140), (2018, 13270), (2020, 13180)],
    "Nya bostäder per år": [(2015, 22), (2017, 31), (2019, 28)],
    "Arbetslöshet 18–24 år": [(2015, 15), (2017, 12), (2019, 13)],
    "Fler företag": [(2015, 1490), (2018, 1555)],
    "Dagligvarubutiker i kyrkbyarna": [(2016, 4), (2019, 3)],
    "Gästnätter": [(2015, 270000), (2018, 310000), (2019, 362000)],
}

SECTIONS_V1 = """# Inledning

Kommunfullmäktige gav 2012 en fullmäktigeberedning i uppdrag att ta fram en ny kommunstrategi i
bred dialog enligt Sunnemodellen. Här är beredningens förslag. (illustrativt)

# Så gick dialogen till

Vi frågade invånarna var de är: i lanthandlarna i kyrkbyarna, i Ski Sunne och i Sunne centrum,
i workshoppar med blandade grupper, på en ungdomsmässa och i en Open Space. Omkring 500
personer gav 1080 synpunkter, som kodades i tio kategorier.
"""
SECTIONS_V2 = (
    SECTIONS_V1
    + """
# Hur synpunkterna blev mål

Synpunkterna vävdes samman med den politiska viljan, platsvarumärket och Värmlandsstrategin.
Varje mål nedan visar vilka kategorier det bygger på. (illustrativt)
"""
)
SECTIONS_V3 = (
    SECTIONS_V2
    + """
# Efter remissen

Remissvaren ledde till ett nytt mätbart mål om handläggningstiden för bygglov och till
tydligare skrivningar om omsorgen. Hur varje punkt hanterades står i remissammanställningen.
(illustrativt)
"""
)

RESPONSES = [
    # consultee, kind, received, dnr, position, text, [(point, disposition, reason, changed)]
    (
        "Kommunstyrelsen", "committee", datetime.date(2014, 1, 28), "KS 2013/412", "supports",
        "Kommunstyrelsen ställer sig bakom förslaget.", [],
    ),
    (
        "Socialnämnden", "committee", datetime.date(2014, 1, 30), "SN 2013/88", "proposes_changes",
        "Nämnden vill se omsorgen tydligare i målen.",
        [
            ("Skriv in de äldres inflytande över sin vardag i mål 3.", "partly",
             "Inflytandet lyfts i texten; ett eget mätbart mål väntar på en mätmetod.", True),
            ("Mät väntetiden till särskilt boende.", "accepted", "", False),
        ],
    ),
    (
        "Sunne Företagarförening", "association", datetime.date(2014, 1, 31), "KS 2013/412-7",
        "proposes_changes", "Företagarna vill se kortare handläggningstider.",
        [
            ("Inför ett mål om handläggningstid för bygglov.", "accepted", "", True),
            ("Sänk kommunalskatten för att locka företag.", "not_accepted",
             "Skattesatsen beslutas i budgeten, inte i kommunstrategin.", False),
        ],
    ),
    (
        "Invånare i Lysvik", "resident", datetime.date(2014, 1, 20), "", "supports",
        "Bra att landsbygden syns. Glöm inte badplatserna.",
        [("Badplatserna behöver skötas.", "noted", "", False)],
    ),
]  # fmt: skip

REVIEW_COMMENTS = [  # the text, and the anchor of the section it is about
    ("Mål 2 behöver säga något om bredbandet på landsbygden. " + ILLUSTRATIVE, "goal-2"),
    ("Bra att ungdomsmässans synpunkter syns i mål 3. " + ILLUSTRATIVE, "goal-3"),
]

CONSULTEES = [
    ("Kommunstyrelsen", "committee"),
    ("Socialnämnden", "committee"),
    ("Sunne Företagarförening", "association"),
    ("Hembygdsföreningarna", "association"),
]

DECISION = {
    "meeting_date": datetime.date(2014, 5, 26),  # ILLUSTRATIVE day in May 2014
    "minute_item": "§ 61",  # ILLUSTRATIVE
    "case_number": "KS 2012/241",
    "text": "Kommunfullmäktige antar Vision 2025 med övergripande mål och mätbara mål.",
    "minutes_approved_on": datetime.date(2014, 6, 2),
    "announced_on": datetime.date(2014, 6, 3),
}


def _target(goal: Goal, order: int, row, bodies) -> Target:
    _goal, indicator, unit, direction, baseline, target, source, body = row
    kolada = source == "kolada"
    found, _ = Target.objects.get_or_create(
        goal=goal,
        indicator=indicator,
        defaults={
            "order": order,
            "unit": unit,
            "direction": direction,
            "baseline_year": baseline[0],
            "baseline_value": Decimal(str(baseline[1])),
            "target_year": target[0] if target else None,
            "target_value": Decimal(str(target[1])) if target else None,
            "source_kind": source,
            "kolada_kpi": "N01951" if kolada else "",
            "kolada_municipality": SUNNE if kolada else "",
            "source_note": "illustrativt",
            "responsible_body": bodies[body],
        },
    )
    return found


def _keep_data(version: DraftVersion, strategy: Strategy) -> None:
    """As strategy.services.drafts.keep_data: the goals and targets written down as they are."""
    if not version.data_snapshot:
        version.data_snapshot = document.data_markdown(strategy)
        version.save(update_fields=["data_snapshot"])


def strategy_seed(process: Process) -> Strategy:
    """The strategy of the case, from its vision to the measurements that follow it up."""
    strategy, _ = Strategy.objects.get_or_create(
        process=process,
        defaults={
            "title": "Vision 2025",
            "vision": VISION,
            "period_start": 2014,
            "period_end": 2025,
        },
    )
    for title, kind, reference in POLICY_INPUTS:
        PolicyInput.objects.get_or_create(
            strategy=strategy, title=title, defaults={"kind": kind, "reference": reference}
        )
    for order, (title, description) in enumerate(GOALS, start=1):
        Goal.objects.get_or_create(
            strategy=strategy,
            order=order,
            defaults={"title": title, "description": f"{description} {ILLUSTRATIVE}"},
        )
    return strategy


def woven_seed(*, strategy: Strategy, bodies: dict, owner) -> None:
    """What the coded opinions became: goals linked to their sources, targets, the drafts, the
    remiss, the decision and the follow-up."""
    goals = _goal_sources(strategy)
    before = [row for row in TARGETS if row[1] != ADDED_AFTER_REMISS]
    for order, row in enumerate(before, start=1):
        _target(goals[row[0]], order, row, bodies)
    versions = _drafts(strategy, owner, goals, bodies)
    _remiss(strategy, versions, owner)
    Decision.objects.get_or_create(
        strategy=strategy,
        adopted_version=versions[3],
        defaults={**DECISION, "body": bodies["kf"]},
    )
    for target in Target.objects.filter(goal__strategy=strategy, indicator__in=MEASUREMENTS):
        for period, value in MEASUREMENTS[target.indicator]:
            Measurement.objects.get_or_create(
                target=target,
                period=str(period),
                gender="T",
                defaults={
                    "value": Decimal(value),
                    "source": (f"Kolada {target.kolada_kpi} " if target.kolada_kpi else "")
                    + ILLUSTRATIVE,
                },
            )


def _goal_sources(strategy: Strategy) -> dict[int, Goal]:
    """Each goal's categories, other sources and the first three opinions it cites."""
    categories = {c.name: c for c in Category.objects.filter(process=strategy.process)}
    inputs = {i.title: i for i in PolicyInput.objects.filter(strategy=strategy)}
    goals = {g.order: g for g in Goal.objects.filter(strategy=strategy)}
    for order, goal in goals.items():
        chosen = [categories[name] for name in GOAL_CATEGORIES[order]]
        goal.categories.set(chosen)
        goal.policy_inputs.set([inputs[title] for title in GOAL_INPUTS[order]])
        cited = (
            FinalCoding.objects.filter(category__in=chosen)
            .order_by("opinion_id")
            .values_list("opinion_id", flat=True)
            .distinct()[:3]
        )
        goal.opinions.set(list(cited))
    return goals


def _drafts(strategy: Strategy, owner, goals: dict, bodies: dict) -> dict[int, DraftVersion]:
    """Version 1 for review, 2 sent on remiss, 3 adopted (with the target the remiss added)."""
    versions = {}
    for number, status, frozen, text in [
        (1, DraftVersion.Status.FOR_REVIEW, None, SECTIONS_V1),
        (2, DraftVersion.Status.FOR_CONSULTATION, SENT, SECTIONS_V2),
    ]:
        versions[number], _ = DraftVersion.objects.get_or_create(
            strategy=strategy,
            number=number,
            defaults={"status": status, "created_by": owner, "frozen_at": frozen, "text": text},
        )
    for number in (1, 2):  # each says what it said before the remiss changed the goals
        _keep_data(versions[number], strategy)
    for order, row in enumerate(TARGETS, start=1):
        if row[1] == ADDED_AFTER_REMISS:
            _target(goals[row[0]], order, row, bodies)
    # What the remiss asked of goal 3 (Socialnämnden's point, met in version 3).
    Goal.objects.filter(strategy=strategy, order=3).update(
        description_sv=f"{GOAL_3_AFTER_REMISS[0]} {ILLUSTRATIVE}",
        description_en=f"{GOAL_3_AFTER_REMISS[1]} (illustrative)",
    )
    versions[3], _ = DraftVersion.objects.get_or_create(
        strategy=strategy,
        number=3,
        defaults={
            "status": DraftVersion.Status.FINAL,
            "created_by": owner,
            "frozen_at": datetime.datetime(2014, 4, 10, 9, tzinfo=datetime.UTC),
            "text": SECTIONS_V3,
        },
    )
    _keep_data(versions[3], strategy)
    for number, written in WRITTEN.items():  # not the day the demo was loaded
        DraftVersion.objects.filter(pk=versions[number].pk).update(created_at=written)
    for text, section in REVIEW_COMMENTS:
        ReviewComment.objects.get_or_create(
            version=versions[1], text=text, defaults={"author": owner, "section": section}
        )
    return versions


def _remiss(strategy: Strategy, versions: dict, owner) -> None:
    consultation, _ = Consultation.objects.get_or_create(
        strategy=strategy,
        version=versions[2],
        defaults={"sent_on": datetime.date(2013, 12, 2), "deadline": datetime.date(2014, 2, 1)},
    )
    for name, kind in CONSULTEES:
        Consultee.objects.get_or_create(
            consultation=consultation, name=name, defaults={"kind": kind}
        )
    for name, kind, received, dnr, position, text, points in RESPONSES:
        consultee, _ = Consultee.objects.get_or_create(
            consultation=consultation,
            name=name,
            defaults={"kind": kind, "is_self_registered": kind == "resident"},
        )
        response, _ = Response.objects.get_or_create(
            consultation=consultation,
            consultee=consultee,
            defaults={
                "received_on": received,
                "case_number": dnr,
                "position": position,
                "text": f"{text} {ILLUSTRATIVE}",
                "registered_by": owner,
            },
        )
        for summary, disposition, reason, changed in points:
            ResponsePoint.objects.get_or_create(
                response=response,
                summary=summary,
                defaults={
                    "disposition": disposition,
                    "reason": reason,
                    "changed_in": versions[3] if changed else None,
                    "disposed_by": owner,
                },
            )
