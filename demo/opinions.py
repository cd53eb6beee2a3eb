"""The Sunne case's opinions: about 1080 from about 500 respondents, in 10 categories, coded
by one strategist with a tenth double-coded blind by a second, and reviewed for publication.

The case gives the numbers (about 500 people, 1080 opinions, 10 categories), not the texts: every
text here is invented, built from phrases per category, and marked "Illustrativ demodata" as its
source. The same seed gives the same opinions every time.
"""

import datetime
import random

from django.contrib.auth import get_user_model

from demo.frame import ILLUSTRATIVE, at
from dialogues.models import Process
from opinions.analysis.screening import places_of, redact, screen
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

DEMO_SOURCE = "Illustrativ demodata"
TOTAL_OPINIONS = 1080

# Category name (as in CATEGORIES) → what residents might say about it.
PHRASES = {
    "Boende och bostäder": [
        "Det behövs fler hyresrätter för unga som vill flytta hemifrån",
        "Bygg seniorboenden nära centrum så att äldre kan bo kvar",
        "Gör det lättare att få bygga nytt vid sjön",
        "Fler lägenheter med närhet till service",
        "Tomma hus på landsbygden borde kunna säljas till nyinflyttade",
        "Det ska finnas bostäder för den som får jobb här",
    ],
    "Arbete och näringsliv": [
        "Fler jobb för unga som vill stanna",
        "Stöd dem som vill starta eget företag",
        "Ta vara på skogen och träet som näring",
        "Det behövs arbetsplatser för högutbildade",
        "Lokala företag ska få leverera till kommunen",
        "Gör det enkelt att pendla till jobb i Karlstad och Torsby",
    ],
    "Kommunikationer och vägar": [
        "Bättre bussar mellan byarna och centrum",
        "Bredband i hela kommunen",
        "Laga vägarna på landsbygden",
        "Tåget till Karlstad måste gå oftare",
        "Cykelväg längs Fryken",
        "Säkrare skolvägar för barnen",
    ],
    "Skola och utbildning": [
        "Behåll byskolorna",
        "En gymnasieskola med bra program så att unga inte måste flytta",
        "Mer samarbete mellan skolan och företagen",
        "Vuxenutbildning på distans",
        "Mindre klasser och fler lärare",
        "Skolan ska vara känd för att alla lyckas",
    ],
    "Kultur och evenemang": [
        "Sunne ska vara känt för Selma Lagerlöf och kulturen",
        "Fler konserter och teater året runt",
        "Ett kulturhus där alla åldrar möts",
        "Ta vara på Rottneros park och Mårbacka",
        "Fler evenemang på vintern",
        "Låt föreningarna använda skolans lokaler på kvällarna",
    ],
    "Natur och miljö": [
        "Fryken och skogarna är det vi ska vara kända för",
        "Rent vatten och ren luft",
        "Fler vandringsleder och badplatser",
        "Satsa på förnybar energi",
        "Skydda stränderna men låt alla komma åt dem",
        "Mer kollektivtrafik för miljöns skull",
    ],
    "Fritid och idrott": [
        "En simhall som är öppen året runt",
        "Ski Sunne är en tillgång som ska utvecklas",
        "Platser för unga att träffas på kvällarna",
        "Elljusspår i fler byar",
        "Stöd till idrottsföreningarna",
        "Fler aktiviteter för barn på loven",
    ],
    "Omsorg och hälsa": [
        "En vårdcentral som är lätt att nå",
        "Trygg äldreomsorg nära hemmet",
        "Mer stöd till unga som mår dåligt",
        "Hemtjänst som har tid för samtal",
        "Förskola med öppettider som passar skiftarbete",
        "Vården ska finnas kvar i Sunne",
    ],
    "Service och handel på landsbygden": [
        "Behåll lanthandeln, den är byns hjärta",
        "Ett levande centrum med fler butiker",
        "Postombud och apotek i byarna",
        "Servicepunkter där man kan få hjälp med kommunens tjänster",
        "Bensinstationen i byn måste finnas kvar",
        "Handla lokalt ska vara lätt",
    ],
    "Turism och besöksnäring": [
        "Sunne ska vara känt som en plats där man trivs",
        "Mer marknadsföring av Fryksdalen",
        "Bättre skyltning för turister",
        "Fler boenden för besökare på sommaren",
        "Utveckla turismen kring sjöarna och skidorna",
        "Ta emot besökare med gästfrihet, det är vårt varumärke",
    ],
}
PLACES = [
    "",
    "",
    " i Lysvik",
    " i Gräsmark",
    " i Östra Ämtervik",
    " i Västra Ämtervik",
    " i centrum",
    " i hela kommunen",
]
REASONS = [
    "",
    "",
    "",
    ", för barnens skull",
    ", så att unga stannar",
    ", det är viktigt för mig",
    ", då vill fler flytta hit",
    ", som det var förr",
]

# Event slug → (respondents to meet, likely age bands, likely roles, area or None)
EVENT_PEOPLE = {
    "lanthandeln-lysvik": (30, None, ["resident", "business"], "Lysvik"),
    "lanthandeln-grasmark": (28, None, ["resident", "business"], "Gräsmark"),
    "lanthandeln-ostra-amtervik": (25, None, ["resident"], "Östra Ämtervik"),
    "lanthandeln-vastra-amtervik": (24, None, ["resident"], "Västra Ämtervik"),
    "ski-sunne": (40, ["20-29", "30-44", "45-64"], ["visitor", "resident"], None),
    "sunne-centrum": (45, None, ["resident", "business", "association"], "Sunne tätort"),
    "workshop-blandade-grupper": (
        36,
        ["30-44", "45-64", "65-79"],
        ["resident", "politician", "employee"],
        None,
    ),
    "workshop-kommunstyrelsen": (15, ["45-64", "65-79"], ["politician"], None),
    "workshop-ledningsgruppen": (12, ["45-64"], ["employee"], None),
    "workshop-socialnamnden": (11, ["45-64", "65-79"], ["politician"], None),
    "ungdomsmassan": (90, ["0-15", "16-19"], ["young_person"], None),
    "open-space": (144, None, ["resident", "association", "business", "young_person"], None),
}


def generate(events: dict, questions: list, areas: dict, seed: int = 2012):
    """Yield (respondent fields, [(opinion fields, [category names])]) for the demo."""
    rng = random.Random(seed)  # noqa: S311 (made-up demo data, not a secret)
    age_bands = [value for value, _label in Respondent.AgeBand.choices]
    genders = ["woman", "man", "woman", "man", "not_said", "other"]
    area_names = list(areas)
    made = 0
    plan = []
    for slug, (people, ages, roles, area) in EVENT_PEOPLE.items():
        event = events[slug]
        event_questions = list(event.questions.all()) or questions
        for person in range(people):
            respondent = {
                "event": event,
                "age_band": rng.choice(ages or age_bands[1:]) if rng.random() < 0.85 else "",
                "gender": rng.choice(genders) if rng.random() < 0.9 else "",
                "area": areas.get(area) if area else areas[rng.choice(area_names)],
                "role": rng.choice(roles),
            }
            given = []
            for turn in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4])):
                category = rng.choice(list(PHRASES))
                text = (
                    rng.choice(PHRASES[category]) + rng.choice(PLACES) + rng.choice(REASONS) + "."
                )
                codes = [category]
                if rng.random() < 0.15:
                    codes.append(rng.choice([c for c in PHRASES if c != category]))
                minutes = person * 4 + turn
                given.append(
                    (
                        {
                            "text": text,
                            "question": rng.choice(event_questions),
                            "consent": rng.random() < 0.7,
                            "withheld": rng.random() < 0.05,
                            "recorded_at": event.starts_at + datetime.timedelta(minutes=minutes),
                        },
                        codes,
                    )
                )
            plan.append((respondent, given))
            made += len(given)
    # Trim or top up so the demo has as many opinions as the case had.
    while made > TOTAL_OPINIONS:
        respondent, given = plan[-1]
        if len(given) > made - TOTAL_OPINIONS:
            del given[len(given) - (made - TOTAL_OPINIONS) :]
            made = TOTAL_OPINIONS
        else:
            plan.pop()
            made -= len(given)
    while made < TOTAL_OPINIONS:
        respondent, given = plan[rng.randrange(len(plan))]
        category = rng.choice(list(PHRASES))
        extra = dict(given[0][0], text=rng.choice(PHRASES[category]) + rng.choice(PLACES) + ".")
        given.append((extra, [category]))
        made += 1
    return plan


def categories_seed(process: Process) -> None:
    for order, (name, colour, key) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            process=process,
            name=name,
            defaults={"colour": colour, "key": key, "order": order, "definition": ILLUSTRATIVE},
        )


def _opinion(process: Process, owner, fields: dict, row: int, places, respondent_id: int):
    """One illustrative opinion, reviewed as the case's were: those with consent approved
    (a few withheld) with the screen's redaction, the others never published."""
    consent, withheld = fields["consent"], fields["withheld"]
    return Opinion(
        process=process,
        event=fields["event"],
        question=fields["question"],
        respondent_id=respondent_id,
        original_text=fields["text"],
        published_text=(
            redact(fields["text"], screen(fields["text"], places))
            if consent and not withheld
            else ""
        ),
        reviewed_by=owner if consent else None,
        reviewed_at=fields["recorded_at"] + datetime.timedelta(days=30) if consent else None,
        consent_to_publish=consent,
        publication=(
            Opinion.Publication.WITHHELD
            if consent and withheld
            else Opinion.Publication.APPROVED
            if consent
            else Opinion.Publication.NOT_REVIEWED
        ),
        recorded_by=owner,
        recorded_at=fields["recorded_at"],
        source_file=DEMO_SOURCE,
        source_row=row,
    )


def opinions_seed(process: Process, owner) -> None:
    """About 1080 illustrative opinions from about 500 respondents, coded and reviewed, as the
    case's process was by the time it published its feedback."""
    if Opinion.objects.filter(process=process).exists():
        return
    events = {event.slug: event for event in process.events.prefetch_related("questions")}
    questions = list(process.questions.order_by("order"))
    areas = {area.name: area for area in process.areas.all()}
    categories = {category.name: category for category in process.categories.all()}
    plan = generate(events, questions, areas)
    places = places_of(process)
    Respondent.objects.bulk_create(
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
    for number, (fields, given) in enumerate(plan, start=1):
        for opinion, categories_given in given:
            opinion = {**opinion, "event": fields["event"]}
            row = len(opinions) + 1
            opinions.append(
                _opinion(process, owner, opinion, row, places, respondents[f"demo:{number}"])
            )
            codes.append(categories_given)
    Opinion.objects.bulk_create(opinions, batch_size=1000)
    _headcounts(events, plan)
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
    coding_seed(process, owner, list(zip(stored, codes, strict=True)), categories)


def _headcounts(events: dict, plan: list) -> None:
    """People met: everyone who gave an opinion, and some who only listened."""
    for event in events.values():
        given = sum(1 for fields, _given in plan if fields["event"] == event)
        if given and event.headcount is None:
            event.headcount = given + given // 4
            event.save(update_fields=["headcount"])


SAMPLE_SHARE = 10  # per cent of the opinions, double-coded blind


def _second_coding(sample: list, names: list[str], rng: random.Random) -> dict[int, list[str]]:
    """The second coder's categories for the sample: mostly the first coder's."""
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
    return second_codes


def coding_seed(process: Process, owner, coded: list, categories: dict) -> None:
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
    sample = rng.sample(coded, round(len(coded) * SAMPLE_SHARE / 100))
    second_codes = _second_coding(sample, list(categories), rng)
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
