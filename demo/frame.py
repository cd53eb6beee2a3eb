"""The Sunne case's process frame: the bodies, the process with its rules of the game, the
May 2012 mandate, the four guiding questions, the dialogue events and the Open Space sessions,
and the stage moves from planning to the published feedback.

Facts from the published case: the mandate of May 2012, the four guiding questions, the kinds
and places of the events. Minute items, case numbers, exact dates and sessions are invented and
marked ILLUSTRATIVE.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

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

MUNICIPALITY = "Sunne kommun"
SLUG = "sunne-vision-2025"
PLANNING_SLUG = "sunne-oversiktsplan"
ILLUSTRATIVE = "(illustrativt)"
TZ = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


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

BODIES = [
    ("kf", "Kommunfullmäktige", "KF", Body.Kind.COUNCIL),
    ("ks", "Kommunstyrelsen", "KS", Body.Kind.EXECUTIVE_BOARD),
    ("sn", "Socialnämnden", "SN", Body.Kind.COMMITTEE),
    ("beredning", "Fullmäktigeberedningen för kommunstrategi", "", Body.Kind.DRAFTING_COMMITTEE),
    ("ledning", "Kommunens ledningsgrupp", "", Body.Kind.MANAGEMENT_GROUP),
]

PROCESS = {
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
}

MANDATE = {
    "meeting_date": datetime.date(2012, 5, 28),  # ILLUSTRATIVE day in May 2012
    "minute_item": "§ 54",  # ILLUSTRATIVE
    "case_number": "KS 2012/241",  # ILLUSTRATIVE
    "decision_text": (
        "Kommunfullmäktige beslutar att en fullmäktigeberedning ska ta fram en ny "
        "kommunstrategi i bred dialog enligt Sunnemodellen. Beredningens "
        "tjänstemannastöd är kommunens tillväxtstrateg."
    ),
    "staff_support": "Tillväxtstrategen, utbildad processledare",
    "deadline": datetime.date(2014, 5, 31),
}

# slug, kind, title, place, start, target groups
EVENTS = [
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

SESSIONS = [
    ("Sal A", 10, "Ett levande centrum året runt"),
    ("Sal B", 10, "Jobb för unga som vill stanna"),
    ("Biblioteket", 13, "Bredband och buss i hela kommunen"),
    ("Sal A", 13, "Fryken, skogen och kulturarvet som dragplåster"),
]

# When the process entered each stage after planning (ILLUSTRATIVE days; the months are the
# case's).
STAGE_DATES = [
    at(2012, 8, 20),
    at(2012, 9, 1),
    at(2013, 4, 30),
    at(2013, 9, 15),
    at(2013, 12, 2),
    at(2014, 2, 3),
    at(2014, 5, 26),
    at(2014, 11, 15),
]


def owner_seed():
    """The process owner the demo's records name: an account that cannot sign in."""
    owner, _ = get_user_model().objects.get_or_create(
        username="sunne-processagare",
        defaults={"first_name": "Processägare", "last_name": "(demo)", "is_active": False},
    )
    if not owner.has_usable_password() and owner.password == "":
        owner.set_unusable_password()
        owner.save(update_fields=["password"])
    return owner


def bodies_seed() -> dict[str, Body]:
    bodies = {}
    for key, name, abbreviation, kind in BODIES:
        bodies[key], _ = Body.objects.get_or_create(
            municipality=MUNICIPALITY,
            name=name,
            defaults={"abbreviation": abbreviation, "kind": kind},
        )
    return bodies


def process_seed(bodies: dict[str, Body], owner) -> tuple[Process, list[GuidingQuestion]]:
    """The process with its areas, mandate and approved questions."""
    process, created = Process.objects.get_or_create(
        slug=SLUG, defaults={**PROCESS, "created_by": owner}
    )
    for order, name in enumerate(AREAS, start=1):
        Area.objects.get_or_create(process=process, name=name, defaults={"order": order})
    Mandate.objects.get_or_create(
        process=process,
        defaults={**MANDATE, "issuing_body": bodies["kf"], "assigned_body": bodies["beredning"]},
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
    return process, questions


def _event_fields(kind, title, place, starts_at, target_groups) -> dict:
    is_outreach = kind in (DialogueEvent.Kind.INTERVIEW, DialogueEvent.Kind.OPEN_SPACE)
    return {
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
    }


def events_seed(process: Process, questions: list[GuidingQuestion]) -> None:
    """The events where the case met people, and the Open Space's sessions."""
    for slug, *fields in EVENTS:
        event, created = DialogueEvent.objects.get_or_create(
            process=process, slug=slug, defaults=_event_fields(*fields)
        )
        if created:
            event.questions.set(questions)
    open_space = DialogueEvent.objects.get(process=process, slug="open-space")
    for room, hour, topic in SESSIONS:
        OpenSpaceSession.objects.get_or_create(
            event=open_space,
            topic=topic,
            defaults={"room": room, "starts_at": at(2013, 4, 13, hour), "convener": ILLUSTRATIVE},
        )


def stages_seed(process: Process, owner) -> None:
    """Every stage move of the case, up to the published feedback."""
    if process.transitions.exists():
        return
    for (from_stage, to_stage), moved_at in zip(
        itertools.pairwise(ORDER), STAGE_DATES, strict=True
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


def planning_process_seed(owner) -> None:
    """A made-up process still in planning, to show what blocks its next stage."""
    Process.objects.get_or_create(
        slug=PLANNING_SLUG,
        defaults={
            "title": "Medborgardialog om ny översiktsplan " + ILLUSTRATIVE,
            "municipality": MUNICIPALITY,
            "purpose": "Ett påhittat exempel på en process som planeras: se vad som saknas.",
            "created_by": owner,
        },
    )
