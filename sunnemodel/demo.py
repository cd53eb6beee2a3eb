"""The Sunne case as demo data.

Facts from the published case: the May 2012 mandate, the four guiding questions, the kinds and
places of the dialogue events, about 500 participants and 1080 opinions in 10 categories, the
vision, four goals and 28 targets, the remiss from December 2013 to 1 February 2014, the adoption
in May 2014 and the brochure to every household in November 2014. Everything else (minute items,
case numbers, exact dates, goal and category names, sessions) is invented and marked
ILLUSTRATIVE.
"""

import datetime
import itertools
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from dialogues.models import (
    Area,
    Body,
    DialogueEvent,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
    StageTransition,
)
from dialogues.stages import ORDER, Stage
from opinions.models import (
    Category,
    Coding,
    CodingChange,
    CodingSample,
    FinalCoding,
    Opinion,
    Reconciliation,
    Respondent,
)
from opinions.screening import places_of, redact, screen
from strategy.models import (
    Goal,
    PolicyInput,
    Strategy,
)
from sunnemodel import demo_opinions, demo_strategy
from sunnemodel.roles import ADMINISTRATOR, FACILITATOR, POLITICIAN, STRATEGIST

MUNICIPALITY = "Sunne kommun"
SLUG = "sunne-vision-2025"
PLANNING_SLUG = "sunne-oversiktsplan"
OPEN_SLUG = "sunne-cykelvag"
ILLUSTRATIVE = "(illustrativt)"
TZ = ZoneInfo("Europe/Stockholm")

QUESTIONS = [
    (
        "Vad vill du att vår kommun ska vara känd för 2025?",
        "What do you want our municipality to be known for in 2025?",
    ),
    (
        "Hur vill du att det ska se ut i Sunne 2025?",
        "What do you want Sunne to look like in 2025?",
    ),
    (
        "Vad är det som gör att du väljer att bo kvar i kommunen 2025?",
        "What makes you choose to go on living in the municipality in 2025?",
    ),
    (
        "Vad är det som gör att människor väljer att flytta till Sunne 2025?",
        "What makes people choose to move to Sunne in 2025?",
    ),
]

AREAS = ["Sunne tätort", "Lysvik", "Gräsmark", "Östra Ämtervik", "Västra Ämtervik"]

LESSONS = """Möt människor där de är: i lanthandeln, i skidbacken, på ungdomsmässan.
Skriv ner spelreglerna och förväntningarna innan ni börjar.
Blanda grupperna: invånare, politiker och medarbetare vid samma bord.
Använd pressmeddelanden för att berätta var och när ni finns.
Äg processen: beredningen och tjänstemannastödet håller i den från uppdrag till beslut.
Ge återkoppling till dem som deltog."""

VISION = "Sunne är platsen där modet växer, livet är enkelt och allting är möjligt."

GOALS = [
    ("Sunne växer med mod och företagsamhet", "Näringsliv, entreprenörskap och arbete."),
    ("Livet i Sunne är enkelt", "Boende, kommunikationer och service i hela kommunen."),
    ("I Sunne är allting möjligt för unga och gamla", "Skola, kultur, fritid och omsorg."),
    ("Sunne är känt för natur, kultur och gästfrihet", "Besöksnäring, natur och kulturarv."),
]

CATEGORIES = [
    ("Boende och bostäder", "#1f77b4", "1"),
    ("Arbete och näringsliv", "#ff7f0e", "2"),
    ("Kommunikationer och vägar", "#2ca02c", "3"),
    ("Skola och utbildning", "#d62728", "4"),
    ("Kultur och evenemang", "#9467bd", "5"),
    ("Natur och miljö", "#8c564b", "6"),
    ("Fritid och idrott", "#e377c2", "7"),
    ("Omsorg och hälsa", "#7f7f7f", "8"),
    ("Service och handel på landsbygden", "#bcbd22", "9"),
    ("Turism och besöksnäring", "#17becf", "0"),
]


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


DEMO_USERS = [
    ("admin", "Anna", "Administratör", ADMINISTRATOR),
    ("facilitator", "Fredrik", "Samtalsledare", FACILITATOR),
    ("strategist", "Sara", "Strateg", STRATEGIST),
    ("politician", "Per", "Förtroendevald", POLITICIAN),
]
DEMO_PASSWORD = "demo"  # noqa: S105 (demo logins, refused unless DEBUG is on)


@transaction.atomic
def seed(*, with_users: bool = False) -> dict[str, int]:
    """Load the Sunne case. Running it again changes nothing."""
    User = get_user_model()
    owner, _ = User.objects.get_or_create(
        username="sunne-processagare",
        defaults={"first_name": "Processägare", "last_name": "(demo)", "is_active": False},
    )
    if not owner.has_usable_password() and owner.password == "":
        owner.set_unusable_password()
        owner.save(update_fields=["password"])

    bodies = {}
    for key, name, abbreviation, kind in [
        ("kf", "Kommunfullmäktige", "KF", Body.Kind.COUNCIL),
        ("ks", "Kommunstyrelsen", "KS", Body.Kind.EXECUTIVE_BOARD),
        ("sn", "Socialnämnden", "SN", Body.Kind.COMMITTEE),
        (
            "beredning",
            "Fullmäktigeberedningen för kommunstrategi",
            "",
            Body.Kind.DRAFTING_COMMITTEE,
        ),
        ("ledning", "Kommunens ledningsgrupp", "", Body.Kind.MANAGEMENT_GROUP),
    ]:
        bodies[key], _ = Body.objects.get_or_create(
            municipality=MUNICIPALITY,
            name=name,
            defaults={"abbreviation": abbreviation, "kind": kind},
        )

    process, created = Process.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Vision 2025 – Sunne kommuns strategi",
            "municipality": MUNICIPALITY,
            "purpose": (
                "Att i bred dialog med invånare, föreningar, företag och medarbetare ta fram en "
                "ny kommunstrategi med vision, övergripande mål och mätbara mål för Sunne 2025, "
                "enligt Sunnemodellen."
            ),
            "participation_levels": ["information", "consultation", "dialogue"],
            "rules_influence": (
                "Vad Sunne ska vara känt för, hur det ska se ut och vad som får människor att bo "
                "kvar och flytta hit 2025: visionen, de övergripande målen och de mätbara målen. "
                "Budget och enskilda myndighetsbeslut ingår inte."
            ),
            "rules_input_use": (
                "Varje synpunkt registreras och kodas i kategorier. Beredningen väver samman "
                "kategorierna med den politiska viljan, platsvarumärket och Värmlandsstrategin "
                "till ett förslag som går ut på remiss."
            ),
            "rules_feedback": (
                "När fullmäktige har antagit strategin får varje hushåll en broschyr som berättar "
                "vad som kom in och vad som beslutades."
            ),
            "lessons": LESSONS,
            "is_public": True,
            "starts_on": datetime.date(2012, 5, 28),
            "ends_on": datetime.date(2014, 11, 30),
            "stage": Stage.PLANNING,
            "created_by": owner,
        },
    )

    for order, name in enumerate(AREAS, start=1):
        Area.objects.get_or_create(process=process, name=name, defaults={"order": order})

    Mandate.objects.get_or_create(
        process=process,
        defaults={
            "issuing_body": bodies["kf"],
            "meeting_date": datetime.date(2012, 5, 28),  # ILLUSTRATIVE day in May 2012
            "minute_item": "§ 54",  # ILLUSTRATIVE
            "case_number": "KS 2012/241",  # ILLUSTRATIVE
            "decision_text": (
                "Kommunfullmäktige beslutar att en fullmäktigeberedning ska ta fram en ny "
                "kommunstrategi i bred dialog enligt Sunnemodellen. Beredningens "
                "tjänstemannastöd är kommunens tillväxtstrateg."
            ),
            "assigned_body": bodies["beredning"],
            "staff_support": "Tillväxtstrategen, utbildad processledare",
            "deadline": datetime.date(2014, 5, 31),
        },
    )

    questions = []
    for order, (text, text_en) in enumerate(QUESTIONS, start=1):
        question, _ = GuidingQuestion.objects.get_or_create(
            process=process, order=order, defaults={"text": text, "text_en": text_en}
        )
        questions.append(question)
    if created:
        process.questions_approved_at = at(2012, 8, 20)
        process.questions_approved_by = owner
        process.save(update_fields=["questions_approved_at", "questions_approved_by"])

    events = [
        (
            "lanthandeln-lysvik",
            DialogueEvent.Kind.INTERVIEW,
            "Intervjuer i lanthandeln, Lysvik",
            "Lanthandeln i Lysvik",
            at(2012, 9, 15),
            "Alla som handlar",
        ),
        (
            "lanthandeln-grasmark",
            DialogueEvent.Kind.INTERVIEW,
            "Intervjuer i lanthandeln, Gräsmark",
            "Lanthandeln i Gräsmark",
            at(2012, 9, 22),
            "Alla som handlar",
        ),
        (
            "lanthandeln-ostra-amtervik",
            DialogueEvent.Kind.INTERVIEW,
            "Intervjuer i lanthandeln, Östra Ämtervik",
            "Lanthandeln i Östra Ämtervik",
            at(2012, 9, 29),
            "Alla som handlar",
        ),
        (
            "lanthandeln-vastra-amtervik",
            DialogueEvent.Kind.INTERVIEW,
            "Intervjuer i lanthandeln, Västra Ämtervik",
            "Lanthandeln i Västra Ämtervik",
            at(2012, 10, 6),
            "Alla som handlar",
        ),
        (
            "ski-sunne",
            DialogueEvent.Kind.INTERVIEW,
            "Intervjuer i Ski Sunne",
            "Ski Sunne",
            at(2013, 2, 16),
            "Skidåkare, besökare och säsongsboende",
        ),
        (
            "sunne-centrum",
            DialogueEvent.Kind.INTERVIEW,
            "Intervjuer i Sunne centrum",
            "Storgatan, Sunne",
            at(2012, 10, 13),
            "Alla som är på stan",
        ),
        (
            "workshop-blandade-grupper",
            DialogueEvent.Kind.WORKSHOP,
            "Workshop med invånare, politiker och medarbetare",
            "Kommunhuset, Sunne",
            at(2012, 11, 7, 18),
            "Invånare, politiker och medarbetare i blandade grupper",
        ),
        (
            "workshop-kommunstyrelsen",
            DialogueEvent.Kind.WORKSHOP,
            "Workshop med kommunstyrelsen",
            "Kommunhuset, Sunne",
            at(2012, 11, 20, 13),
            "Kommunstyrelsen",
        ),
        (
            "workshop-ledningsgruppen",
            DialogueEvent.Kind.WORKSHOP,
            "Workshop med ledningsgruppen",
            "Kommunhuset, Sunne",
            at(2012, 11, 27, 9),
            "Kommunens ledningsgrupp",
        ),
        (
            "workshop-socialnamnden",
            DialogueEvent.Kind.WORKSHOP,
            "Workshop med socialnämnden",
            "Kommunhuset, Sunne",
            at(2012, 12, 4, 13),
            "Socialnämnden",
        ),
        (
            "ungdomsmassan",
            DialogueEvent.Kind.YOUTH_FAIR,
            "Monter på ungdomsmässan",
            "Sunne sporthall",
            at(2013, 3, 14, 9),
            "Unga i högstadiet och gymnasiet",
        ),
        (
            "open-space",
            DialogueEvent.Kind.OPEN_SPACE,
            "Open Space för hela Sunne",
            "Kulturhuset, Sunne",
            at(2013, 4, 13, 9),
            "Alla som bor eller verkar i Sunne",
        ),
    ]
    for slug, kind, title, place, starts_at, target_groups in events:
        is_outreach = kind == DialogueEvent.Kind.INTERVIEW or kind == DialogueEvent.Kind.OPEN_SPACE
        event, event_created = DialogueEvent.objects.get_or_create(
            process=process,
            slug=slug,
            defaults={
                "kind": kind,
                "title": title,
                "place": place,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=3),
                "target_groups": target_groups,
                "accessibility": (
                    "Butiken har entré i marknivå men ingen hörslinga. Hör av dig i förväg om "
                    "du behöver stöd, så kommer vi till dig."
                    if kind == DialogueEvent.Kind.INTERVIEW
                    else "Entré utan trappsteg, tillgänglig toalett, hörslinga och "
                    "parkering för rörelsehindrade vid entrén."
                ),
                "announcement_date": (starts_at - datetime.timedelta(days=10)).date(),
                "press_release_date": (
                    (starts_at - datetime.timedelta(days=7)).date() if is_outreach else None
                ),
                "press_release_text": (
                    f"Beredningen finns på plats: {place}, {starts_at:%-d/%-m} kl. "
                    f"{starts_at:%H.%M}. Kom och berätta vad du vill att Sunne ska vara 2025!"
                    if is_outreach
                    else ""
                ),
                "notes": ILLUSTRATIVE + " Datum och tider är påhittade.",
            },
        )
        if event_created:
            event.questions.set(questions)

    open_space = DialogueEvent.objects.get(process=process, slug="open-space")
    for room, hour, topic in [
        ("Sal A", 10, "Ett levande centrum året runt"),
        ("Sal B", 10, "Jobb för unga som vill stanna"),
        ("Biblioteket", 13, "Bredband och buss i hela kommunen"),
        ("Sal A", 13, "Fryken, skogen och kulturarvet som dragplåster"),
    ]:
        OpenSpaceSession.objects.get_or_create(
            event=open_space,
            topic=topic,
            defaults={"room": room, "starts_at": at(2013, 4, 13, hour), "convener": ILLUSTRATIVE},
        )

    for order, (name, colour, key) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            process=process,
            name=name,
            defaults={
                "colour": colour,
                "key": key,
                "order": order,
                "definition": ILLUSTRATIVE,
            },
        )

    strategy, _ = Strategy.objects.get_or_create(
        process=process,
        defaults={
            "title": "Vision 2025",
            "vision": VISION,
            "period_start": 2014,
            "period_end": 2025,
        },
    )
    for title, kind, reference in [
        (
            "Den politiska viljan",
            PolicyInput.Kind.POLITICAL_WILL,
            "Beredningens ställningstaganden",
        ),
        ("Platsvarumärket Sunne", PolicyInput.Kind.PLACE_BRAND, "Varumärkesarbetet"),
        ("Värmlandsstrategin", PolicyInput.Kind.REGIONAL_STRATEGY, "Region Värmland"),
    ]:
        PolicyInput.objects.get_or_create(
            strategy=strategy, title=title, defaults={"kind": kind, "reference": reference}
        )
    for order, (title, description) in enumerate(GOALS, start=1):
        Goal.objects.get_or_create(
            strategy=strategy,
            order=order,
            defaults={"title": title, "description": f"{description} {ILLUSTRATIVE}"},
        )

    _seed_opinions(process, owner)
    demo_strategy.seed(strategy=strategy, bodies=bodies, owner=owner)

    if not process.transitions.exists():
        history = [
            at(2012, 8, 20),
            at(2012, 9, 1),
            at(2013, 4, 30),
            at(2013, 9, 15),
            at(2013, 12, 2),
            at(2014, 2, 3),
            at(2014, 5, 26),
            at(2014, 11, 15),
        ]
        for (from_stage, to_stage), moved_at in zip(
            itertools.pairwise(ORDER), history, strict=True
        ):
            StageTransition.objects.create(
                process=process,
                from_stage=from_stage,
                to_stage=to_stage,
                moved_by=owner,
                moved_at=moved_at,
                note=ILLUSTRATIVE,
            )
        process.stage = Stage.FEEDBACK_PUBLISHED
        process.save(update_fields=["stage"])

    Process.objects.get_or_create(
        slug=PLANNING_SLUG,
        defaults={
            "title": "Medborgardialog om ny översiktsplan " + ILLUSTRATIVE,
            "municipality": MUNICIPALITY,
            "purpose": "Ett påhittat exempel på en process som planeras: se vad som saknas.",
            "created_by": owner,
        },
    )

    open_process = _seed_open_process(bodies, owner)

    if with_users:
        _seed_users(process, open_process)

    return {"processes": Process.objects.count(), "events": DialogueEvent.objects.count()}


def _seed_opinions(process: Process, owner) -> None:
    """About 1080 illustrative opinions from about 500 respondents, coded and reviewed, as the
    case's process was by the time it published its feedback."""
    if Opinion.objects.filter(process=process).exists():
        return
    events = {event.slug: event for event in process.events.prefetch_related("questions")}
    questions = list(process.questions.order_by("order"))
    areas = {area.name: area for area in process.areas.all()}
    categories = {category.name: category for category in process.categories.all()}
    plan = demo_opinions.generate(events, questions, areas)
    places = places_of(process)
    respondents = Respondent.objects.bulk_create(
        [
            Respondent(process=process, external_id=f"demo:{number}", **fields)
            for number, (fields, _given) in enumerate(plan, start=1)
        ]
    )
    respondents = dict(
        Respondent.objects.filter(process=process, external_id__startswith="demo:").values_list(
            "external_id", "pk"
        )
    )
    opinions, codes = [], []
    row = 0
    for number, (fields, given) in enumerate(plan, start=1):
        for opinion, categories_given in given:
            row += 1
            opinions.append(
                Opinion(
                    process=process,
                    event=fields["event"],
                    question=opinion["question"],
                    respondent_id=respondents[f"demo:{number}"],
                    original_text=opinion["text"],
                    published_text=(
                        redact(opinion["text"], screen(opinion["text"], places))
                        if opinion["consent"] and not opinion["withheld"]
                        else ""
                    ),
                    reviewed_by=owner if opinion["consent"] else None,
                    reviewed_at=(
                        opinion["recorded_at"] + datetime.timedelta(days=30)
                        if opinion["consent"]
                        else None
                    ),
                    consent_to_publish=opinion["consent"],
                    publication=(
                        Opinion.Publication.WITHHELD
                        if opinion["consent"] and opinion["withheld"]
                        else Opinion.Publication.APPROVED
                        if opinion["consent"]
                        else Opinion.Publication.NOT_REVIEWED
                    ),
                    recorded_by=owner,
                    recorded_at=opinion["recorded_at"],
                    source_file=demo_opinions.DEMO_SOURCE,
                    source_row=row,
                )
            )
            codes.append(categories_given)
    Opinion.objects.bulk_create(opinions, batch_size=1000)
    # People met: everyone who gave an opinion, and some who only listened.
    for event in events.values():
        given = sum(1 for fields, _given in plan if fields["event"] == event)
        if given and event.headcount is None:
            event.headcount = given + given // 4
            event.save(update_fields=["headcount"])
    stored = (
        Opinion.objects.filter(process=process).order_by("source_row").values_list("pk", flat=True)
    )
    FinalCoding.objects.bulk_create(
        [
            FinalCoding(opinion_id=pk, category=categories[name], decided_by=owner)
            for pk, names in zip(stored, codes, strict=True)
            for name in names
        ],
        batch_size=2000,
    )
    _seed_coding(process, owner, list(zip(stored, codes, strict=True)), categories)


SAMPLE_SHARE = 10  # per cent of the opinions, double-coded blind


def _seed_coding(process: Process, owner, coded: list, categories: dict) -> None:
    """Who coded what: one strategist coded every opinion; a second coded a tenth of them blind,
    agreeing mostly, and the disagreements were reconciled to the first coder's categories."""
    User = get_user_model()
    first, second = (
        User.objects.get_or_create(
            username=f"sunne-strateg-{n}",
            defaults={"first_name": f"Strateg {n}", "last_name": "(demo)", "is_active": False},
        )[0]
        for n in (1, 2)
    )
    rng = random.Random(2013)  # noqa: S311 - illustrative data, the same every time
    names = list(categories)
    sample = rng.sample(coded, round(len(coded) * SAMPLE_SHARE / 100))
    second_codes = {}
    for pk, given in sample:
        chosen = list(given)
        if rng.random() < 0.15:  # now and then the second coder sees it differently
            other = rng.choice([name for name in names if name not in chosen])
            if rng.random() < 0.5 and len(chosen) > 0:
                chosen[rng.randrange(len(chosen))] = other
            else:
                chosen.append(other)
        second_codes[pk] = chosen
    when = at(2013, 2, 15)
    codings = [
        Coding(opinion_id=pk, category=categories[name], coder=first)
        for pk, given in coded
        for name in given
    ] + [
        Coding(opinion_id=pk, category=categories[name], coder=second)
        for pk, chosen in second_codes.items()
        for name in chosen
    ]
    Coding.objects.bulk_create(codings, batch_size=2000)
    Coding.objects.filter(opinion__process=process).update(coded_at=when)
    CodingChange.objects.bulk_create(
        [
            CodingChange(
                opinion_id=c.opinion_id, user=c.coder, action="add", category=c.category, at=when
            )
            for c in codings
        ],
        batch_size=2000,
    )
    drawn = CodingSample.objects.create(
        process=process, share=SAMPLE_SHARE, drawn_by=owner, drawn_at=at(2013, 2, 1)
    )
    drawn.opinions.add(*[pk for pk, _given in sample])
    settled = [pk for pk, given in sample if set(given) != set(second_codes[pk])]
    Reconciliation.objects.bulk_create(
        [
            Reconciliation(opinion_id=pk, decided_by=owner, decided_at=at(2013, 2, 20))
            for pk in settled
        ]
    )
    CodingChange.objects.bulk_create(
        [
            CodingChange(opinion_id=pk, user=owner, action="settle", at=at(2013, 2, 20))
            for pk in settled
        ]
    )


def _seed_open_process(bodies: dict, owner) -> Process:
    """A made-up process with its dialogue open, where the demo facilitator can register."""
    process, created = Process.objects.get_or_create(
        slug=OPEN_SLUG,
        defaults={
            "title": "Cykelväg längs Fryken " + ILLUSTRATIVE,
            "municipality": MUNICIPALITY,
            "purpose": "Ett påhittat exempel där dialogen är öppen: registrera synpunkter här.",
            "participation_levels": ["consultation"],
            "rules_influence": "Var cykelvägen ska gå och vad som behövs längs den.",
            "rules_input_use": "Synpunkterna sammanställs och går till tekniska nämnden.",
            "rules_feedback": "En sammanställning publiceras på kommunens webbplats.",
            "is_public": True,
            "created_by": owner,
        },
    )
    if not created:
        return process
    Mandate.objects.create(
        process=process,
        issuing_body=bodies["ks"],
        meeting_date=datetime.date(2026, 9, 1),
        minute_item="§ 101",
        case_number="KS 2026/77",
        assigned_body=bodies["ks"],
        decision_text="Kommunstyrelsen ger förvaltningen i uppdrag att föra dialog om cykelvägen.",
    )
    for order, name in enumerate(["Sunne tätort", "Rottneros", "Östra Ämtervik"], start=1):
        Area.objects.create(process=process, name=name, order=order)
    for order, text in enumerate(
        [
            "Var vill du kunna cykla längs Fryken?",
            "Vad behövs för att du ska välja cykeln?",
        ],
        start=1,
    ):
        GuidingQuestion.objects.create(process=process, order=order, text=text)
    process.questions_approved_at = at(2026, 9, 20)
    process.questions_approved_by = owner
    DialogueEvent.objects.create(
        process=process,
        slug="torget",
        kind=DialogueEvent.Kind.INTERVIEW,
        title="Dialog på torget",
        place="Torget, Sunne",
        starts_at=at(2026, 11, 20, 10),
        ends_at=at(2026, 12, 18, 14),
        target_groups="Alla som är på torget",
    )
    for from_stage, to_stage, moved_at in [
        (Stage.PLANNING, Stage.QUESTIONS_APPROVED, at(2026, 9, 20)),
        (Stage.QUESTIONS_APPROVED, Stage.DIALOGUE_OPEN, at(2026, 11, 1)),
    ]:
        StageTransition.objects.create(
            process=process,
            from_stage=from_stage,
            to_stage=to_stage,
            moved_by=owner,
            moved_at=moved_at,
            note=ILLUSTRATIVE,
        )
    process.stage = Stage.DIALOGUE_OPEN
    process.save()
    _seed_open_coding(process, owner)
    return process


# What people on the square said about the cycle path, and a first codebook: here a strategist
# can try coding by keyboard, since coding is open while the dialogue is.
OPEN_CODEBOOK = [
    ("Sträckning", "#1f77b4", "1", "Var vägen ska gå och vad den ska knyta ihop."),
    ("Säkerhet", "#d62728", "2", "Trafiksäkerhet, belysning, korsningar, vinterväghållning."),
    ("Natur och utsikt", "#2ca02c", "3", "Sjön, skogen, rastplatser och utsikt."),
    ("Turism", "#17becf", "4", "Besökare, cykelturism, uthyrning och skyltning."),
]
OPEN_OPINIONS = [
    "Vägen borde gå hela vägen till Rottneros park",
    "Belysning behövs, det är mörkt på vintern",
    "Bygg en rastplats vid badet med bord och bänkar",
    "Cykelvägen måste vara skild från bilvägen",
    "Turister skulle kunna hyra cyklar vid resecentrum",
    "Plogas den på vintern? Annars kan jag inte använda den",
    "Utsikten över Fryken är det finaste vi har, visa den",
    "Knyt ihop den med skolan så att barnen kan cykla själva",
    "Skyltar på engelska och tyska för besökarna",
    "Korsningen vid riksvägen är farlig idag",
    "Gärna en slinga runt sjön för motionärer",
    "Laddstolpar för elcyklar vid torget",
    "Den ska gå nära vattnet men inte genom våtmarken",
    "Bättre belysning vid tunneln under järnvägen",
    "Ordna cykelparkering vid Sundsbron",
    "Mer cykelturism ger mer liv i handeln",
    "Bänkar med utsikt för oss som cyklar långsamt",
    "Vägen borde gå till Östra Ämtervik också",
    "Hastigheten på bilvägen bredvid måste sänkas",
    "En karta över cykelvägen på turistbyrån",
]


def _seed_open_coding(process: Process, owner) -> None:
    for order, (name, colour, key, definition) in enumerate(OPEN_CODEBOOK, start=1):
        Category.objects.create(
            process=process,
            name=name,
            colour=colour,
            key=key,
            order=order,
            definition=definition + " " + ILLUSTRATIVE,
        )
    event = process.events.get(slug="torget")
    question = process.questions.order_by("order").first()
    Opinion.objects.bulk_create(
        Opinion(
            process=process,
            event=event,
            question=question,
            original_text=text,
            recorded_by=owner,
            recorded_at=at(2026, 11, 20, 10, 2 * number),
            source_file=demo_opinions.DEMO_SOURCE,
            source_row=number,
        )
        for number, text in enumerate(OPEN_OPINIONS, start=1)
    )


def _seed_users(process: Process, open_process: Process) -> None:
    User = get_user_model()
    for username, first_name, last_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": role == ADMINISTRATOR,
                "is_superuser": role == ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
    facilitator = User.objects.get(username="facilitator")
    for event in process.events.filter(slug__in=["lanthandeln-lysvik", "open-space"]):
        event.facilitators.add(facilitator)
    for event in open_process.events.all():
        event.facilitators.add(facilitator)
