"""Illustrative opinions for the Sunne demo: about 1080 from about 500 respondents.

The case gives the numbers (about 500 people, 1080 opinions, 10 categories), not the texts: every
text here is invented, built from phrases per category, and marked "Illustrativ demodata" as its
source. The same seed gives the same opinions every time.
"""

import datetime
import random

from opinions.models import Respondent

DEMO_SOURCE = "Illustrativ demodata"
TOTAL_OPINIONS = 1080

# Category name (as in demo.CATEGORIES) → what residents might say about it.
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
