"""The Sunne case as demo data (`manage.py seed_demo`): the process of the vision 2014–2025
from the council's mandate to the published feedback, a process still in planning, and one with
its dialogue open. Running it again changes nothing.

Facts from the published case: the May 2012 mandate, the four guiding questions, the kinds and
places of the dialogue events, about 500 participants and 1080 opinions in 10 categories, the
vision, four goals and 28 targets, the remiss from December 2013 to 1 February 2014, the adoption
in May 2014 and the brochure to every household in November 2014. Everything else (minute items,
case numbers, exact dates, goal and category names, sessions) is invented and marked
ILLUSTRATIVE.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from core import public_data
from core.roles import ADMINISTRATOR, FACILITATOR, POLITICIAN, STRATEGIST
from demo import english, frame, open_process, opinions, site, strategy
from dialogues.models import DialogueEvent, Process, TeamMember

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
    owner = frame.owner_seed()
    bodies = frame.bodies_seed()
    process, questions = frame.process_seed(bodies, owner)
    frame.events_seed(process, questions)
    opinions.categories_seed(process)
    the_strategy = strategy.strategy_seed(process)
    opinions.opinions_seed(process, owner)
    strategy.woven_seed(strategy=the_strategy, bodies=bodies, owner=owner)
    frame.stages_seed(process, owner)
    frame.planning_process_seed(owner)
    open_one = open_process.open_process_seed(bodies, owner)
    site.site_seed()
    english.english_seed()  # the residents' texts in English, for /en/ (ILLUSTRATIVE)
    if with_users:
        _users_seed(process, open_one)
    public_data.changed(None, site=True)
    return {"processes": Process.objects.count(), "events": DialogueEvent.objects.count()}


def _users_seed(process: Process, open_process: Process) -> None:
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
    # Every demo login works in the three processes (their teams; dialogues.TeamMember).
    for one in Process.objects.filter(
        slug__in=[process.slug, open_process.slug, frame.PLANNING_SLUG]
    ):
        for username, *_rest in DEMO_USERS:
            TeamMember.objects.get_or_create(process=one, user=User.objects.get(username=username))
    facilitator = User.objects.get(username="facilitator")
    for event in process.events.filter(slug__in=["lanthandeln-lysvik", "open-space"]):
        event.facilitators.add(facilitator)
    for event in open_process.events.all():
        event.facilitators.add(facilitator)
