"""factory_boy factories for every model the tests need rows of."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from dialogues.models import (
    Area,
    Body,
    DialogueEvent,
    EventAttachment,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
    StageTransition,
)
from opinions.models import Category, FinalCoding, Opinion, Respondent
from strategy.models import (
    Consultation,
    Consultee,
    Decision,
    DraftVersion,
    Response,
    ResponsePoint,
    Strategy,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.django.Password("secret-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test flushes the groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["municipality", "name"]

    municipality = "Sunne kommun"
    name = factory.Sequence(lambda n: f"Nämnd {n}")
    kind = Body.Kind.COMMITTEE


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    title = factory.Sequence(lambda n: f"Dialog {n}")
    slug = factory.Sequence(lambda n: f"dialog-{n}")
    municipality = "Sunne kommun"
    purpose = "Att fråga invånarna."


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Kommundel {n}")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    process = factory.SubFactory(ProcessFactory)
    issuing_body = factory.SubFactory(BodyFactory, name="Kommunfullmäktige", abbreviation="KF")
    assigned_body = factory.SubFactory(BodyFactory)
    meeting_date = datetime.date(2012, 5, 28)
    minute_item = "§ 54"
    case_number = "KS 2012/241"
    decision_text = "Fullmäktige ger beredningen i uppdrag att ta fram en strategi."


class GuidingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidingQuestion

    process = factory.SubFactory(ProcessFactory)
    text = factory.Sequence(lambda n: f"Fråga {n}?")
    order = factory.Sequence(lambda n: n)


class DialogueEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueEvent

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = DialogueEvent.Kind.INTERVIEW
    title = factory.Sequence(lambda n: f"Intervjuer {n}")
    place = "Lanthandeln"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))


class EventAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventAttachment

    event = factory.SubFactory(DialogueEventFactory)
    file = factory.django.ImageField(filename="blädderblock.png", format="PNG")
    caption = "Blädderblocket"
    uploaded_by = factory.SubFactory(UserFactory)


class OpenSpaceSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpenSpaceSession

    event = factory.SubFactory(DialogueEventFactory, kind=DialogueEvent.Kind.OPEN_SPACE)
    topic = factory.Sequence(lambda n: f"Ämne {n}")


class StageTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageTransition

    process = factory.SubFactory(ProcessFactory)
    from_stage = "planning"
    to_stage = "questions_approved"
    moved_by = factory.SubFactory(UserFactory)
    moved_at = factory.LazyFunction(timezone.now)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    process = factory.SubFactory(ProcessFactory)
    original_text = factory.Sequence(lambda n: f"Synpunkt nummer {n}.")
    recorded_by = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(timezone.now)


class RespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Respondent

    process = factory.SubFactory(ProcessFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")


class FinalCodingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinalCoding

    opinion = factory.SubFactory(OpinionFactory)
    category = factory.SubFactory(
        CategoryFactory, process=factory.SelfAttribute("..opinion.process")
    )
    decided_by = factory.SubFactory(UserFactory)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    process = factory.SubFactory(ProcessFactory)
    title = "Vision 2025"


class DraftVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftVersion

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    created_by = factory.SubFactory(UserFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    strategy = factory.SubFactory(StrategyFactory)
    version = factory.SubFactory(
        DraftVersionFactory,
        strategy=factory.SelfAttribute("..strategy"),
        status=DraftVersion.Status.FOR_CONSULTATION,
    )
    sent_on = datetime.date(2013, 12, 2)
    deadline = datetime.date(2014, 2, 1)


class ConsulteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultee

    consultation = factory.SubFactory(ConsultationFactory)
    name = factory.Sequence(lambda n: f"Remissinstans {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    consultation = factory.SubFactory(ConsultationFactory)
    consultee = factory.SubFactory(
        ConsulteeFactory, consultation=factory.SelfAttribute("..consultation")
    )
    received_on = datetime.date(2014, 1, 20)


class ResponsePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsePoint

    response = factory.SubFactory(ResponseFactory)
    summary = "Mer om kollektivtrafiken."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    strategy = factory.SubFactory(StrategyFactory)
    body = factory.SubFactory(BodyFactory, name="Kommunfullmäktige")
    meeting_date = datetime.date(2014, 5, 26)
    minute_item = "§ 61"
    case_number = "KS 2012/241"
    text = "Fullmäktige antar strategin."
    adopted_version = factory.SubFactory(
        DraftVersionFactory,
        strategy=factory.SelfAttribute("..strategy"),
        status=DraftVersion.Status.FINAL,
    )
