"""Every URL pattern of the URLconf, answered as each role expects.

The grid walks the URLconf itself: a new URL without a row in EXPECTED fails
`test_every_url_pattern_has_an_expectation`, and a view without a declared rule fails
`test_every_view_declares_its_rule`.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dialogues.models import DialogueEvent, Process
from dialogues.stages import ORDER
from opinions.models import ImportRun
from tests.core.sso_grid import SSO_EXPECTED, SSO_URL_PARTS, SSO_URL_VALUES, SSO_WRITES
from tests.factories import (
    BodyFactory,
    CategoryFactory,
    DialogueEventFactory,
    EventAttachmentFactory,
    GuidingQuestionFactory,
    OpenSpaceSessionFactory,
    OpinionFactory,
    ProcessFactory,
    RespondentFactory,
    UserFactory,
)

ROLES = ["anonymous", "administrator", "facilitator", "strategist", "politician"]
LOGIN = "login"  # a redirect to the login page
STAFF = ["administrator", "facilitator", "strategist", "politician"]


def only(*allowed, ok=200):
    """Allowed roles get `ok`; other signed-in roles 403; anonymous is sent to log in."""
    return {
        role: ok if role in allowed else (LOGIN if role == "anonymous" else 403) for role in ROLES
    }


def everyone(code):
    return dict.fromkeys(ROLES, code)


STAFF_PAGE = only(*STAFF)
ADMIN_PAGE = only("administrator")
ADMIN_POST = only("administrator", ok=405)  # allowed roles are told that GET is not allowed

EXPECTED = {
    "healthz": everyone(200),
    "set_language": everyone(302),
    "home": everyone(200),
    "login": {**everyone(302), "anonymous": 200},  # signed-in users are sent on
    "logout": everyone(405),  # POST only
    "staff:home": only(*STAFF, ok=302),  # on to where each role's work is (test_landing.py)
    "staff:process_list": STAFF_PAGE,
    "staff:process_create": ADMIN_PAGE,
    "staff:process_detail": STAFF_PAGE,
    "staff:process_edit": ADMIN_PAGE,
    "staff:process_rules": ADMIN_PAGE,
    "staff:process_areas": ADMIN_PAGE,
    "staff:process_team": ADMIN_PAGE,
    "staff:process_move": ADMIN_POST,
    "staff:mandate_edit": ADMIN_PAGE,
    "staff:question_list": STAFF_PAGE,
    "staff:question_create": ADMIN_PAGE,
    "staff:questions_approve": ADMIN_POST,
    "staff:question_edit": ADMIN_PAGE,
    "staff:question_move": ADMIN_POST,
    "staff:question_delete": ADMIN_POST,
    "staff:event_list": STAFF_PAGE,
    "staff:event_create": ADMIN_PAGE,
    "staff:event_detail": STAFF_PAGE,
    "staff:event_edit": ADMIN_PAGE,
    "staff:session_create": only("administrator", "facilitator"),  # facilitator of the event
    "staff:session_edit": only("administrator", "facilitator"),
    "staff:body_list": STAFF_PAGE,
    "staff:body_create": ADMIN_PAGE,
    "staff:body_edit": ADMIN_PAGE,
    "staff:my_events": STAFF_PAGE,
    "staff:offline_pages": STAFF_PAGE,  # what the user's phone keeps: their own pages only
    # While the dialogue is open: an administrator, or a facilitator of the event.
    "staff:event_entry": only("administrator", "facilitator"),
    "staff:opinion_import": ADMIN_PAGE,
    "staff:import_status": ADMIN_PAGE,
    "staff:event_report": only("administrator", "facilitator"),
    "staff:attachment_file": STAFF_PAGE,
    "staff:event_opinions": STAFF_PAGE,
    "staff:opinion_detail": STAFF_PAGE,
    # The facilitator of the grid recorded the opinion; others may not correct or delete it.
    "staff:opinion_correct": only("administrator", "facilitator"),
    "staff:opinion_delete": only("administrator", "facilitator"),
    "staff:event_template": only("administrator", "facilitator"),
    "service_worker": everyone(200),
    "manifest": everyone(200),
    "site_css": everyone(200),  # the municipality's colour
    "site_logo": everyone(404),  # the grid's site has no logo (test_site_profile.py has one)
    "staff:site_profile": ADMIN_PAGE,  # the municipality's name, logo, colour, privacy facts
    # The public site: the grid's process is public. A receipt code is the respondent's key.
    "public:receipt": everyone(200),
    "public:receipt_lookup": everyone(200),
    # The online form of an online event: open to all while the dialogue is, closed (not
    # hidden) at every other stage.
    "public:online": everyone(200),
    "public:accessibility": everyone(200),
    "public:privacy": everyone(200),
    "public:process_privacy": everyone(200),
    "public:process": everyone(200),
    "public:events_ics": everyone(200),
    "public:results": everyone(200),
    "public:outcome": everyone(200),
    "public:brochure": everyone(200),
    "public:brochure_pdf": everyone(200),
    "public:open_data": everyone(200),
    "public:open_data_file": everyone(200),
    "api:public_processes": everyone(200),
    "api:public_process": everyone(200),
    "api:public_opinions": everyone(200),
    "api:public_statistics": everyone(200),
    "staff:register_extract": ADMIN_PAGE,
    # Publication review: strategists and administrators.
    "staff:publication_review": only("administrator", "strategist"),
    "staff:publication_decide": only("administrator", "strategist", ok=405),
    "staff:publication_approve_clean": only("administrator", "strategist", ok=405),
    # Coding: strategists and administrators (the grid's process is open for coding).
    "staff:codebook": only("administrator", "strategist"),
    "staff:category_edit": only("administrator", "strategist"),
    "staff:codebook_import": only("administrator", "strategist"),
    "staff:codebook_export": only("administrator", "strategist"),
    "staff:coding_list": only("administrator", "strategist"),
    "staff:coding_opinion": only("administrator", "strategist"),
    "staff:coding_undo": only("administrator", "strategist", ok=302),  # POST; GET goes back
    "staff:coding_agreement": only("administrator", "strategist"),
    "staff:reconcile_list": only("administrator", "strategist"),
    "staff:reconcile_opinion": only("administrator", "strategist", ok=302),
    "staff:process_export": only("administrator", "strategist", ok=302),  # POST; GET goes back
    "staff:export_status": only("administrator", "strategist"),
    "staff:export_download": only("administrator", "strategist"),
    "staff:suggestions": only("administrator", "strategist"),
    "staff:analysis": only("administrator", "strategist"),
    "staff:summaries": only("administrator", "strategist"),
    "staff:category_summary": only("administrator", "strategist"),
    "staff:duplicates": only("administrator", "strategist"),
    "staff:reach": STAFF_PAGE,  # who was reached: all staff, to steer outreach
    # The strategy: all staff read it; strategists and administrators write it and run the
    # remiss; politicians (and administrators) comment on drafts.
    "staff:strategy": STAFF_PAGE,
    "staff:strategy_edit": only("administrator", "strategist"),
    "staff:policy_input_create": only("administrator", "strategist"),
    "staff:policy_input_edit": only("administrator", "strategist"),
    "staff:goal_create": only("administrator", "strategist"),
    "staff:goal_edit": only("administrator", "strategist"),
    "staff:target_create": only("administrator", "strategist"),
    "staff:target_edit": only("administrator", "strategist"),
    "staff:goal_delete": only("administrator", "strategist", ok=405),
    "staff:target_delete": only("administrator", "strategist", ok=405),
    "staff:version_list": STAFF_PAGE,
    "staff:version_compare": STAFF_PAGE,
    "staff:version_detail": STAFF_PAGE,
    "staff:version_edit": only("administrator", "strategist"),
    "staff:version_status": only("administrator", "strategist", ok=405),
    "staff:comment_add": only("administrator", "politician", ok=405),
    "staff:comment_resolve": only("administrator", "strategist", "politician", ok=405),
    "staff:consultation_list": STAFF_PAGE,
    "staff:consultation_create": only("administrator", "strategist"),
    "staff:consultation_detail": STAFF_PAGE,
    "staff:consultation_summary": STAFF_PAGE,
    "staff:consultation_summary_docx": STAFF_PAGE,
    "staff:response_create": only("administrator", "strategist"),
    "staff:response_file": STAFF_PAGE,
    "staff:point_add": only("administrator", "strategist", ok=405),
    "staff:point_edit": only("administrator", "strategist"),
    "staff:decision": STAFF_PAGE,  # every staff role reads the decision
    "staff:follow_up": STAFF_PAGE,
    "staff:target_follow_up": only("administrator", "strategist"),
    # The e-archive package: made by the process's administrators and strategists once it is
    # adopted (the grid's process is not: nobody may); downloaded by administrators (the
    # grid has no package: 404). tests/archive/test_sip.py tests both at the adopted stage.
    "staff:archive_package_make": only(),
    "staff:archive_package_download": {**only("administrator"), "administrator": 404},
    "api:openapi-json": everyone(200),
    "api:openapi-view": everyone(200),
    "api:event_sync": everyone(405),  # POST only; who may post is tested in tests/opinions
    "api:api-root": everyone(404),
    "staff:sign_in_overview": ADMIN_PAGE,  # IT's page: sign-in, groups and roles, e-archive
    **SSO_EXPECTED,  # django-allauth's pages: signing in through a provider, second factor
}


def walk(patterns, namespace=None, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or namespace
            if space and namespace and entry.namespace:
                space = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, space, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry.callback


ALL_PATTERNS = list(walk(get_resolver().url_patterns))
OWN_PATTERNS = [p for p in ALL_PATTERNS if not (p[0] or "").startswith("admin:")]
ADMIN_PATTERNS = [p for p in ALL_PATTERNS if (p[0] or "").startswith("admin:")]


def test_every_url_pattern_has_an_expectation():
    names = {name for name, _, _ in OWN_PATTERNS}
    assert None not in names, "every URL pattern needs a name"
    assert names == set(EXPECTED), (
        f"missing from the grid: {sorted(names - set(EXPECTED))}; "
        f"no longer in the URLconf: {sorted(set(EXPECTED) - names)}"
    )


def test_every_api_operation_declares_who_may_call_it():
    """API operations check their rule inside; each must at least demand a login, but for the
    public site's, which only read what is published."""
    from public.api import router as public_router
    from sunnemodel.api import api

    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if router is public_router:
                    assert operation.methods == ["GET"], f"{prefix}{path} writes"
                    assert path.startswith("/public/"), f"{prefix}{path} is public"
                else:
                    assert operation.auth_callbacks, f"{prefix}{path} {operation.methods} is open"


VIEW_PATTERNS = [p for p in OWN_PATTERNS if not p[0].startswith("api:")]


@pytest.mark.parametrize(
    ("name", "route", "callback"),
    VIEW_PATTERNS,
    ids=[f"{name}-{route}" for name, route, _callback in VIEW_PATTERNS],  # no object addresses
)
def test_every_view_declares_its_rules(name, route, callback):
    """A read rule and a write rule, each named (None when the view takes no such request)."""
    rules = getattr(callback, "rules", None)
    assert rules is not None, f"{name} ({route}) declares no rules"
    assert rules.read or rules.write, f"{name} ({route}) lets nothing through"


# Writes: every view that is not the API's, POSTed with a valid CSRF token ----------------------

WRITE_OK = "write"  # let through: anything but a refusal (a form's errors, a redirect on)
ADMIN = ("administrator",)
CODERS = ("administrator", "strategist")


def writes(*allowed):
    """POST: the allowed roles get through; other signed-in roles 403; anonymous to log in."""
    return {
        role: WRITE_OK if role in allowed else (LOGIN if role == "anonymous" else 403)
        for role in ROLES
    }


def no_writes(name):
    """A page that takes no POST: whoever may read it is told 405; the others are refused as
    for a GET, so that a refusal never tells what lies behind it."""
    return {
        role: 405 if code not in (LOGIN, 403) else code for role, code in EXPECTED[name].items()
    }


PUBLIC_WRITES = {"public:online"}  # residents' own opinions, sent from the online form
READ_ONLY = {
    "healthz",
    "home",
    "service_worker",
    "manifest",
    "site_css",
    "site_logo",
    "staff:home",
    "staff:process_list",
    "staff:process_detail",
    "staff:question_list",
    "staff:event_list",
    "staff:event_detail",
    "staff:body_list",
    "staff:my_events",
    "staff:offline_pages",
    "staff:import_status",
    "staff:attachment_file",
    "staff:event_opinions",
    "staff:opinion_detail",
    "staff:event_template",
    "staff:publication_review",
    "staff:codebook_export",
    "staff:coding_list",
    "staff:reconcile_list",
    "staff:export_status",
    "staff:export_download",
    "staff:analysis",
    "staff:summaries",
    "staff:strategy",
    "staff:version_compare",
    "staff:version_detail",
    "staff:consultation_list",
    "staff:consultation_summary",
    "staff:consultation_summary_docx",
    "staff:response_file",
    "staff:archive_package_download",
    "staff:sign_in_overview",
    *(name for name in EXPECTED if name.startswith("public:") and name not in PUBLIC_WRITES),
}
EXPECTED_WRITES = {
    "set_language": writes(*ROLES),
    "login": writes(*ROLES),
    "logout": writes(*ROLES),
    "staff:process_create": writes(*ADMIN),
    "staff:process_edit": writes(*ADMIN),
    "staff:process_rules": writes(*ADMIN),
    "staff:process_areas": writes(*ADMIN),
    "staff:process_team": writes(*ADMIN),
    "staff:process_move": writes(*ADMIN),
    "staff:mandate_edit": writes(*ADMIN),
    "staff:question_create": writes(*ADMIN),
    "staff:questions_approve": writes(*ADMIN),
    "staff:question_edit": writes(*ADMIN),
    "staff:question_move": writes(*ADMIN),
    "staff:question_delete": writes(*ADMIN),
    "staff:event_create": writes(*ADMIN),
    "staff:event_edit": writes(*ADMIN),
    "staff:session_create": writes("administrator", "facilitator"),
    "staff:session_edit": writes("administrator", "facilitator"),
    "staff:body_create": writes(*ADMIN),
    "staff:body_edit": writes(*ADMIN),
    "staff:event_entry": writes("administrator", "facilitator"),
    "staff:opinion_import": writes(*ADMIN),
    "staff:event_report": writes("administrator", "facilitator"),
    "staff:opinion_correct": writes("administrator", "facilitator"),
    "staff:opinion_delete": writes("administrator", "facilitator"),
    "staff:register_extract": writes(*ADMIN),
    "staff:site_profile": writes(*ADMIN),
    "staff:publication_decide": writes(*CODERS),
    "staff:publication_approve_clean": writes(*CODERS),
    "staff:codebook": writes(*CODERS),
    "staff:category_edit": writes(*CODERS),
    "staff:codebook_import": writes(*CODERS),
    "staff:coding_opinion": writes(*CODERS),
    "staff:coding_undo": writes(*CODERS),
    "staff:coding_agreement": writes(*ADMIN),  # drawing the sample; strategists read it
    "staff:reconcile_opinion": writes(*CODERS),
    "staff:process_export": writes(*CODERS),
    "staff:suggestions": writes(*CODERS),
    "staff:duplicates": writes(*CODERS),
    "staff:category_summary": writes(*CODERS),  # a summary codes nothing: open in any stage
    "staff:reach": writes(*CODERS),  # population figures; every staff role reads the page
    "staff:strategy_edit": writes(*CODERS),
    "staff:policy_input_create": writes(*CODERS),
    "staff:policy_input_edit": writes(*CODERS),
    "staff:goal_create": writes(*CODERS),
    "staff:goal_edit": writes(*CODERS),
    "staff:target_create": writes(*CODERS),
    "staff:target_edit": writes(*CODERS),
    "staff:goal_delete": writes(*CODERS),
    "staff:target_delete": writes(*CODERS),
    "staff:version_list": writes(*CODERS),  # a new draft version
    "staff:version_edit": writes(*CODERS),
    "staff:version_status": writes(*CODERS),
    "staff:comment_add": writes("administrator", "politician"),
    "staff:comment_resolve": writes("administrator", "strategist", "politician"),
    "staff:consultation_create": writes(*CODERS),
    "staff:consultation_detail": writes(*CODERS),  # adding a consultee
    "staff:response_create": writes(*CODERS),
    "staff:point_add": writes(*CODERS),
    "staff:point_edit": writes(*CODERS),
    "staff:decision": writes(*CODERS),
    "staff:follow_up": writes(*CODERS),  # the Kolada import
    "staff:target_follow_up": writes(*CODERS),
    "public:online": writes(*ROLES),
    "staff:archive_package_make": writes(),  # only once the process is adopted
    **{name: no_writes(name) for name in READ_ONLY},
    **SSO_WRITES,
}


def test_every_view_has_an_expectation_for_writes():
    views = {name for name, _, _ in VIEW_PATTERNS}
    assert views == set(EXPECTED_WRITES), (
        f"missing: {sorted(views - set(EXPECTED_WRITES))}; "
        f"not views: {sorted(set(EXPECTED_WRITES) - views)}"
    )


def csrf_client(user=None) -> Client:
    """A browser that sends the CSRF token a form would: the check is on, not waived."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    if user is not None:
        client.force_login(user)
    return client


CSRF_SECRET = "a" * 32


def post(client: Client, url: str):
    return client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET})


def assert_answer(response, expected, what: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, what
        assert response["Location"].startswith(reverse("login")), what
    elif expected == WRITE_OK:
        assert response.status_code not in (403, 405), f"{what}: {response.status_code}"
        assert not response.get("Location", "").startswith(reverse("login")), what
    else:
        assert response.status_code == expected, f"{what}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(n for n, _, _ in VIEW_PATTERNS))
def test_each_role_may_write_only_where_its_rule_lets_it(world, name, role):
    user = None if role == "anonymous" else world["users"][role]
    url = url_for(name, world["kwargs"])
    assert_answer(
        post(csrf_client(user), url), EXPECTED_WRITES[name][role], f"POST {url} as {role}"
    )


def test_a_post_without_its_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["administrator"])
    response = client.post(url_for("staff:process_edit", world["kwargs"]), {})
    assert response.status_code == 403


# Writes that the stage closes: once the analysis is over the coding is what the draft rests on,
# and once the dialogue closes no opinion is registered; not even an administrator writes them.
CLOSED_AT_DRAFTING = [
    "staff:codebook",
    "staff:category_edit",
    "staff:codebook_import",
    "staff:coding_opinion",
    "staff:coding_undo",
    "staff:coding_agreement",
    "staff:reconcile_opinion",
    "staff:suggestions",
    "staff:duplicates",
    "staff:event_entry",
]


@pytest.mark.parametrize("name", CLOSED_AT_DRAFTING)
def test_a_stage_closes_writes_that_its_pages_still_show(world, name):
    Process.objects.filter(pk=world["process"].pk).update(stage="drafting")
    client = csrf_client(world["users"]["administrator"])
    url = url_for(name, world["kwargs"])
    assert post(client, url).status_code == 403, f"POST {url} at drafting"


def _objects(process, users) -> dict:
    """One of every kind of object in `process`, by the names url_for fills addresses with."""
    event = DialogueEventFactory(
        process=process, slug="open-space", kind=DialogueEvent.Kind.OPEN_SPACE
    )
    event.facilitators.add(users["facilitator"])
    online = DialogueEventFactory(process=process, slug="online", kind=DialogueEvent.Kind.ONLINE)
    return {
        "slug": process.slug,
        "event_slug": event.slug,
        "online_event_slug": online.slug,
        "question": GuidingQuestionFactory(process=process).pk,
        "session": OpenSpaceSessionFactory(event=event).pk,
        "body": BodyFactory().pk,
        "code": RespondentFactory(process=process).receipt_code,
        "attachment": EventAttachmentFactory(event=event, uploaded_by=users["facilitator"]).pk,
        "import": ImportRun.objects.create(
            process=process,
            file_name="a.csv",
            path="imports/none",
            format="auto",
            requested_by=users["administrator"],
        ).pk,
        "opinion": OpinionFactory(
            process=process, recorded_by=users["facilitator"], consent_to_publish=True
        ).pk,
        "category": CategoryFactory(process=process).pk,
        "export": _finished_export(process, users["strategist"]),
        **_strategy(process, users),
    }


@pytest.fixture
def world(db):
    users = {role: UserFactory(username=f"grid-{role}", role=role) for role in STAFF}
    process = ProcessFactory(slug="grid", stage="dialogue_open", is_public=True)
    return {"users": users, "process": process, "kwargs": _objects(process, users)}


def _strategy(process, users) -> dict:
    """A strategy with a goal, a target, an open version, a remiss with a PDF response."""
    from django.core.files.base import ContentFile

    from strategy.models import Goal, ReviewComment, Target
    from tests.factories import (
        ConsultationFactory,
        DraftVersionFactory,
        ResponseFactory,
        ResponsePointFactory,
        StrategyFactory,
    )

    strategy = StrategyFactory(process=process)
    goal = Goal.objects.create(strategy=strategy, title="Goal")
    target = Target.objects.create(goal=goal, indicator="Fler företag", direction="increase")
    consultation = ConsultationFactory(strategy=strategy)
    version = DraftVersionFactory(strategy=strategy, number=consultation.version.number + 1)
    response = ResponseFactory(consultation=consultation)
    response.file.save("svar.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {
        "input": strategy.inputs.create(title="Värmlandsstrategin", kind="regional_strategy").pk,
        "goal": goal.pk,
        "target": target.pk,
        "number": version.number,
        "comment": ReviewComment.objects.create(
            version=version, author=users["politician"], text="Bra."
        ).pk,
        "consultation": consultation.pk,
        "response": response.pk,
        "point": ResponsePointFactory(response=response).pk,
    }


STRATEGY_PKS = {
    "staff:policy_input_edit": "input",
    "staff:goal_edit": "goal",
    "staff:goal_delete": "goal",
    "staff:target_delete": "target",
    "staff:target_edit": "target",
    "staff:target_follow_up": "target",
    "staff:comment_resolve": "comment",
    "staff:consultation_detail": "consultation",
    "staff:consultation_summary": "consultation",
    "staff:consultation_summary_docx": "consultation",
    "staff:response_create": "consultation",
    "staff:response_file": "response",
    "staff:point_add": "response",
    "staff:point_edit": "point",
    "staff:publication_decide": "opinion",
}


def _finished_export(process, user) -> int:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from opinions.models import ExportRun

    path = default_storage.save(f"exports/{process.slug}/1.csv", ContentFile(b"Id\n"))
    return ExportRun.objects.create(
        process=process, format="csv", status="done", path=path, requested_by=user
    ).pk


def url_for(name: str, kwargs: dict) -> str:
    route = next(r for n, r, _ in ALL_PATTERNS if n == name)
    wanted = {}
    for key in ("slug", "event_slug"):
        if f"<slug:{key}>" in route or f"(?P<{key}>" in route:
            wanted[key] = kwargs[key]
    if name == "public:online":  # an online event's form; the grid's other event meets people
        wanted["event_slug"] = kwargs["online_event_slug"]
    if "(?P<fmt>" in route:
        wanted["fmt"] = "csv"
    if "<slug>" in route:  # the API's {slug}
        wanted["slug"] = kwargs["slug"]
    if "<str:name>.<str:fmt>" in route:
        wanted.update(name="opinions", fmt="csv")
    if "<str:code>" in route:
        wanted["code"] = kwargs["code"]
    if "{process_slug}" in route or "<process_slug>" in route:
        wanted.update(process_slug=kwargs["slug"], event_slug=kwargs["event_slug"])
    for part, key in SSO_URL_PARTS.items():
        if part in route:
            wanted[key] = SSO_URL_VALUES[key]
    if "<int:number>" in route:
        wanted["number"] = kwargs["number"]
    if "<int:pk>" in route and name in STRATEGY_PKS:
        wanted["pk"] = kwargs[STRATEGY_PKS[name]]
    elif "<int:pk>" in route:
        kind = next(
            k
            for k in (
                "question",
                "session",
                "opinion",
                "attachment",
                "import",
                "category",
                "export",
                "body",
            )
            if k in name or k == "body"
        )
        wanted["pk"] = kwargs[kind]
    return reverse(name, kwargs=wanted)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_its_expected_answer(client, world, name, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = url_for(name, world["kwargs"])
    response = client.get(url)
    expected = EXPECTED[name][role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}"
        assert response["Location"].startswith(reverse("login")), f"{url} as {role}"
    else:
        assert response.status_code == expected, f"{url} as {role}"


def test_an_unassigned_facilitator_cannot_run_another_events_sessions(client, world):
    other = UserFactory(username="grid-other-facilitator", role="facilitator")
    client.force_login(other)
    response = client.get(url_for("staff:session_create", world["kwargs"]))
    assert response.status_code == 403


ADMIN_FILLERS = {
    "object_id": "1",
    "app_label": "dialogues",
    "content_type_id": "1",
    "url": "anything",
    "id": "1",
}


@pytest.mark.parametrize("role", ROLES)
def test_the_django_admin_is_closed_to_every_role_without_staff_status(client, world, role):
    """The Django admin answers with its own login to anyone who is not is_staff."""
    if role != "anonymous":
        client.force_login(world["users"][role])
    for name, route, _ in ADMIN_PATTERNS:
        if name in {"admin:login", "admin:logout", "admin:view_on_site"}:
            continue
        kwargs = {
            key: value
            for key, value in ADMIN_FILLERS.items()
            if re.search(rf"[<:]{key}>|\(\?P<{key}>", route)
        }
        # The admin's unnamed catch-all answers any other address under /admin/; the history
        # of a record (django-simple-history) is addressed by unnamed groups.
        unnamed = route.count("([^/]+)")
        if name == "admin:None":
            url = "/admin/no-such-page/"
        elif unnamed:
            url = reverse(name, args=["1"] * unnamed)
        else:
            url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 302, f"{name} as {role}"
        assert "/admin/login/" in response["Location"], f"{name} as {role}"


# Other processes' objects by id, and every stage -------------------------------------------

OWN_IDS = ("<int:pk>", "<int:number>")


def test_no_one_reaches_another_processs_objects_through_this_ones_address(client, world):
    """Every address that names a process and an object, given this process's slug and the
    other process's object: no role gets it (404 or a refusal, never 200)."""
    other = _objects(ProcessFactory(slug="other", stage="dialogue_open"), world["users"])
    mixed = {**other, "slug": world["kwargs"]["slug"], "event_slug": "open-space"}
    names = [
        name
        for name, route, _ in OWN_PATTERNS
        if name in EXPECTED and "slug" in route and any(part in route for part in OWN_IDS)
    ]
    assert len(names) >= 25
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for name in names:
            url = url_for(name, mixed)
            status = client.get(url).status_code
            assert status != 200, f"{url} as {role}: another process's object answered"


@pytest.mark.parametrize("stage", [s for s in ORDER if s != "dialogue_open"])
def test_no_stage_opens_what_the_grid_closes(client, world, stage):
    """The grid above is at the dialogue's open stage. At every other stage, what it refuses
    a role stays refused: a stage can close a door (coding after the analysis), never open
    one."""
    Process.objects.filter(pk=world["process"].pk).update(stage=stage)
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for name in sorted(EXPECTED):
            if EXPECTED[name][role] not in (LOGIN, 403):
                continue
            url = url_for(name, world["kwargs"])
            status = client.get(url).status_code
            assert status in (302, 403, 404, 405), f"{url} as {role} at {stage}: {status}"


@pytest.mark.parametrize("stage", ORDER)
def test_every_staff_role_reads_the_decision_at_every_stage(client, world, stage):
    """The decision is the council's, and a public record: every staff role of the process
    reads it, at every stage, once it is recorded too."""
    from strategy.models import Strategy
    from tests.factories import DecisionFactory

    Process.objects.filter(pk=world["process"].pk).update(stage=stage)
    DecisionFactory(strategy=Strategy.objects.get(process=world["process"]), minute_item="§ 61")
    url = url_for("staff:decision", world["kwargs"])
    for role in STAFF:
        client.force_login(world["users"][role])
        response = client.get(url)
        assert response.status_code == 200, f"{url} as {role} at {stage}"
        assert "§ 61" in response.content.decode(), f"{url} as {role} at {stage}"


def test_a_staff_page_reads_its_process_once(client, world):
    """The permission rule and the view share the process they name (dialogues.lookups): the
    view works on the very object that was checked, for one query."""
    client.force_login(world["users"]["administrator"])
    read_twice = {}
    for name, route, _view in ALL_PATTERNS:
        if not name.startswith("staff:") or "slug" not in route or "/api/" in route:
            continue
        url = url_for(name, world["kwargs"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            continue
        reads = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "dialogues_process"."id"')
            and '"dialogues_process"."slug" = \'grid\'' in q["sql"]
        ]
        if len(reads) > 1:
            read_twice[url] = len(reads)
    assert not read_twice, read_twice


# The record is frozen by stage: what a facilitator recorded (an opinion, an event's report)
# they may mend while the dialogue is open and in the analysis; after that an administrator only.
FROZEN_AFTER_ANALYSIS = ["staff:opinion_correct", "staff:opinion_delete", "staff:event_report"]


@pytest.mark.parametrize("stage", ["drafting", "consultation", "adopted", "feedback_published"])
@pytest.mark.parametrize("name", FROZEN_AFTER_ANALYSIS)
def test_the_record_is_frozen_for_facilitators_after_the_analysis(world, name, stage):
    Process.objects.filter(pk=world["process"].pk).update(stage=stage)
    url = url_for(name, world["kwargs"])
    facilitator = csrf_client(world["users"]["facilitator"])
    assert facilitator.get(url).status_code == 403, f"GET {url} at {stage}"
    assert post(facilitator, url).status_code == 403, f"POST {url} at {stage}"
    administrator = csrf_client(world["users"]["administrator"])
    assert_answer(post(administrator, url), WRITE_OK, f"POST {url} as administrator at {stage}")


def test_an_administrator_mends_the_closed_record_only_with_a_reason(world):
    Process.objects.filter(pk=world["process"].pk).update(stage="feedback_published")
    client = csrf_client(world["users"]["administrator"])
    url = url_for("staff:opinion_correct", world["kwargs"])
    data = {"csrfmiddlewaretoken": CSRF_SECRET, "text": "Rättad text.", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "säg varför" in response.content.decode().lower()
    data["reason"] = "Felskrivning på pappersblanketten."
    assert client.post(url, data).status_code == 302
