"""Every page is valid HTML, as the Nu HTML Checker (vnu) reads it: every GET address of the
URLconf for each of the demo's processes, as anonymous and as each staff role, in Swedish and in
English (and from the permission grid's world the pages the demo has none of). `make vnu`
installs the checker; one JVM checks every page, for a test of about half a minute."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import NoReverseMatch

from demo import seed as demo
from dialogues.models import Body, DialogueEvent, OpenSpaceSession, Process
from opinions.models import ImportRun
from tests.core.test_permission_grid import EXPECTED, OWN_PATTERNS, _finished_export, url_for

VNU = Path(settings.BASE_DIR) / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
ROLES = ["anonymous", *(role for *_, role in demo.DEMO_USERS)]
LANGUAGES = ["", "/en"]  # Swedish is the default, unprefixed; English under /en/
# Addresses that answer with no page (a script, a file, JSON), left out to keep the test fast;
# any other answer that is not HTML is left out when it comes, as are redirects.
NOT_PAGES = {
    "service_worker",
    "manifest",
    "staff:offline_pages",
    "staff:event_template",
    "healthz",
    "public:brochure_pdf",
    "public:events_ics",
    "public:open_data_file",
    "staff:attachment_file",
    "staff:export_download",
    "staff:codebook_export",
    "staff:consultation_summary_docx",
    "staff:response_file",
}

pytestmark = pytest.mark.django_db


def _pk(instance):
    return instance.pk if instance is not None else None


def _demo_objects(process: Process, owner) -> dict:
    """One object of each kind in a demo process, by the names url_for fills addresses with
    (None where the process has none: those addresses are left out). An import and an export
    are added: their status pages are pages too."""
    events = process.events.order_by("pk")
    event = events.filter(slug="open-space").first() or events.first()
    online = events.filter(kind=DialogueEvent.Kind.ONLINE).first() or event
    respondent = process.respondents.order_by("pk").first()
    import_run = ImportRun.objects.create(
        process=process,
        file_name="svar.csv",
        path="imports/none",
        format="auto",
        requested_by=owner,
    )
    return {
        "slug": process.slug,
        "event_slug": event.slug if event else None,
        "online_event_slug": online.slug if online else None,
        "question": _pk(process.questions.order_by("pk").first()),
        "session": _pk(OpenSpaceSession.objects.filter(event=event).first()),
        "body": _pk(Body.objects.order_by("pk").first()),
        "code": respondent.receipt_code if respondent else None,
        "attachment": None,
        "import": import_run.pk,
        "opinion": _pk(process.opinions.order_by("pk").first()),
        "category": _pk(process.categories.order_by("pk").first()),
        "export": _finished_export(process, owner),
        **_strategy_objects(process),
    }


def _strategy_objects(process: Process) -> dict:
    from strategy.models import (
        Consultation,
        Goal,
        PolicyInput,
        Response,
        ResponsePoint,
        ReviewComment,
        Strategy,
        Target,
    )

    strategy = Strategy.objects.filter(process=process).first()
    version = strategy.versions.order_by("-number").first() if strategy else None
    mine = {"strategy": strategy}
    return {
        "input": _pk(PolicyInput.objects.filter(**mine).first()),
        "goal": _pk(Goal.objects.filter(**mine).first()),
        "target": _pk(Target.objects.filter(goal__strategy=strategy).first()),
        "number": version.number if version else None,
        "comment": _pk(ReviewComment.objects.filter(version__strategy=strategy).first()),
        "consultation": _pk(Consultation.objects.filter(**mine).first()),
        "response": _pk(Response.objects.filter(consultation__strategy=strategy).first()),
        "point": _pk(
            ResponsePoint.objects.filter(response__consultation__strategy=strategy).first()
        ),
    }


def may_read(name: str, role: str) -> bool:
    """Whether the role gets the page, by the permission grid (an address the grid does not
    know yet, the grid's own test fails for; here every role asks for it)."""
    return EXPECTED.get(name, {}).get(role, 200) == 200


PAGE_NAMES = [
    name
    for name, _route, _callback in OWN_PATTERNS
    if name not in NOT_PAGES
    and (not name.startswith("api:") or name == "api:openapi-view")
    and any(may_read(name, role) for role in ROLES)
]


def demo_addresses() -> list[tuple[str, str]]:
    """Every GET address of the URLconf that may answer with a page, by its name, for each
    demo process (once, if it names none)."""
    owner = get_user_model().objects.get(username="admin")
    addresses = []
    for process in Process.objects.filter(team__user=owner).distinct().order_by("pk"):
        objects = _demo_objects(process, owner)
        for name in PAGE_NAMES:
            try:
                url = url_for(name, objects)
            except NoReverseMatch:
                continue  # the process has no such object
            if (name, url) not in addresses:
                addresses.append((name, url))
    return addresses


def fetch_pages(addresses, users: dict, folder: Path, pages: dict) -> set[str]:
    """Each address that answers with a page, as each role that may read it (by the permission
    grid), in each language, written to `folder` and named in `pages` (file name → address and
    role). The names of the addresses that gave a page."""
    answered = set()
    for role, user in users.items():
        client = Client()
        client.raise_request_exception = False
        if user is not None:
            client.force_login(user)
        for language in LANGUAGES:
            for name, address in addresses:
                if not may_read(name, role):
                    continue
                response = client.get(language + address)
                if response.status_code != 200:
                    continue
                if not response.get("Content-Type", "").startswith("text/html"):
                    continue
                file = f"{len(pages):04}.html"
                (folder / file).write_bytes(response.content)
                pages[file] = f"{language}{address} as {role}"
                answered.add(name)
    return answered


def vnu_errors(folder: Path, pages: dict[str, str]) -> list[str]:
    """The checker's errors (not its warnings), each with its page, line and message."""
    assert VNU.exists(), f"The Nu HTML Checker is missing at {VNU}: run `make vnu`"
    java = shutil.which("java")
    assert java, "The Nu HTML Checker runs on Java: `make vnu` installs it"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stderr.startswith("{"), result.stderr[-2000:]  # the checker itself failed
    errors = []
    for message in json.loads(result.stderr)["messages"]:
        file = Path(message.get("url", "?")).name
        line = message.get("lastLine", "?")
        errors.append(f"{pages.get(file, file)}, line {line}: {message['message']}")
    return errors


def test_every_page_is_valid_html_for_every_role_in_both_languages(world):
    """The demo's pages, and from the permission grid's world (a process with its dialogue open
    and a draft on review) the pages the demo has none of."""
    with override_settings(DEBUG=True):  # the demo's logins come with DEBUG only
        demo.seed(with_users=True)
    User = get_user_model()
    demo_users = {"anonymous": None}
    demo_users.update({role: User.objects.get(username=u) for u, *_, role in demo.DEMO_USERS})
    grid_users = {"anonymous": None, **world["users"]}
    pages = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        answered = fetch_pages(demo_addresses(), demo_users, folder, pages)
        rest = [(name, url_for(name, world["kwargs"])) for name in PAGE_NAMES]
        rest = [(name, url) for name, url in rest if name not in answered]
        answered |= fetch_pages(rest, grid_users, folder, pages)
        roles = {what.split(" as ")[1] for what in pages.values()}
        assert roles == set(ROLES), roles
        assert len(pages) > 500, len(pages)
        errors = vnu_errors(folder, pages)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
