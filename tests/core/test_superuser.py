"""A Django superuser (the one `createsuperuser` makes, and the demo's `admin`) is an
administrator on the site's own pages: the rules about a process at its stage hold for them too.
Django grants a superuser every permission without asking a rule, so none of them did."""

import pytest
from rules.permissions import permissions

from archive.models import ArchivePackage
from core.accounts import StaffBackend
from dialogues.stages import Stage
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user):
    return StaffBackend().get_user(user.pk)


def test_a_superuser_cannot_make_an_archive_package_of_a_process_in_planning(client):
    """Found in a browser walk: the demo's admin made an e-archive package of a process still
    in planning, from a box that said "The process is adopted"."""
    ProcessFactory(slug="ny", stage=Stage.PLANNING)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/staff/processes/ny/").content.decode()
    assert "Gör ett e-arkivpaket" not in page
    assert "Processen är antagen" not in page
    assert client.post("/staff/processes/ny/e-archive/").status_code == 403
    assert not ArchivePackage.objects.exists()


@pytest.mark.parametrize("stage", Stage.values)
def test_on_a_process_a_superuser_has_what_an_administrator_has_at_every_stage(stage):
    process = ProcessFactory(stage=stage)
    # As every request reads its user (core/accounts.py).
    superuser = signed_in(UserFactory(username="root", is_staff=True, is_superuser=True))
    administrator = signed_in(UserFactory(username="admin", role="administrator"))
    for name in sorted(permissions):
        if name.split(".")[1].startswith(("view_", "add_", "change_")) and name != (
            "dialogues.change_process"
        ):
            continue  # about other objects than a process (an event, an opinion, a body)
        expected = administrator.has_perm(name, process)
        assert superuser.has_perm(name, process) == expected, (stage, name)
