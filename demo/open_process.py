"""A made-up process with its dialogue open (a cycle path along Fryken), where the demo's
facilitator can register opinions, residents can give theirs on the online form, and its
strategist can code by keyboard."""

import datetime

from demo.frame import ILLUSTRATIVE, MUNICIPALITY, at
from demo.opinions import DEMO_SOURCE
from dialogues.models import (
    Area,
    DialogueEvent,
    GuidingQuestion,
    Mandate,
    Process,
    StageTransition,
)
from dialogues.stages import Stage
from opinions.models import Category, Opinion

OPEN_SLUG = "sunne-cykelvag"


def _frame_seed(process: Process, owner) -> None:
    for order, name in enumerate(["Sunne tätort", "Rottneros", "Östra Ämtervik"], start=1):
        Area.objects.create(process=process, name=name, order=order)
    for order, text in enumerate(
        ["Var vill du kunna cykla längs Fryken?", "Vad behövs för att du ska välja cykeln?"],
        start=1,
    ):
        GuidingQuestion.objects.create(process=process, order=order, text=text)
    process.questions_approved_at = at(2026, 9, 20)
    process.questions_approved_by = owner


def _events_seed(process: Process) -> None:
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
    # Residents who cannot come to the square give their opinions on the online form.
    DialogueEvent.objects.create(
        process=process,
        slug="webben",
        kind=DialogueEvent.Kind.ONLINE,
        title="Tyck till på webben",
        title_en="Have your say on the web",
        starts_at=at(2026, 11, 1, 8),
        ends_at=at(2026, 12, 18, 23),
        target_groups="Alla som inte hinner till torget",
        target_groups_en="Everyone who cannot come to the square",
    )


def open_process_seed(bodies: dict, owner) -> Process:
    """A made-up process with its dialogue open, where the demo facilitator can register."""
    process, created = Process.objects.get_or_create(
        slug=OPEN_SLUG,
        defaults={
            "title": "Cykelväg längs Fryken " + ILLUSTRATIVE,
            "municipality": MUNICIPALITY,
            "purpose": (
                "Ett påhittat exempel där dialogen är öppen: lämna din synpunkt på webben, "
                "eller träffa oss på torget."
            ),
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
    _frame_seed(process, owner)
    _events_seed(process)
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
    _open_coding_seed(process, owner)
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


def _open_coding_seed(process: Process, owner) -> None:
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
            source_file=DEMO_SOURCE,
            source_row=number,
        )
        for number, text in enumerate(OPEN_OPINIONS, start=1)
    )
