"""Background work whose worker was killed does not wait for ever: after
TASK_STALLED_AFTER_SECONDS without a sign of life its page says it stopped, and it can be
asked for again (bench/faults.py kills a real worker in the middle of an export)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.models import ExportRun, SuggestionModel
from tests.factories import OpinionFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(db):
    return UserFactory(username="sara", role="strategist")


def test_an_export_whose_worker_died_says_so_and_runs_again(
    client, sara, settings, django_capture_on_commit_callbacks
):
    settings.TASK_STALLED_AFTER_SECONDS = 60
    process = ProcessFactory(slug="sunne", stage="analysis")
    OpinionFactory(process=process, original_text="Fler bussar.")
    run = ExportRun.objects.create(
        process=process,
        format="csv",
        status=ExportRun.Status.WRITING,
        requested_by=sara,
        started_at=timezone.now() - datetime.timedelta(seconds=30),
    )
    client.force_login(sara)
    url = reverse("staff:export_status", args=["sunne", run.pk])
    page = client.get(url).content.decode()
    assert "stannade" not in page  # still within the minute: it may be working
    assert 'data-hx-trigger="every 2s"' in page
    ExportRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=90)
    )
    page = client.get(url).content.decode()
    assert "Exporten stannade innan den var skriven" in page
    assert 'data-hx-trigger="every 2s"' not in page  # the page stops asking
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:process_export", args=["sunne", "csv"]))
    again = ExportRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("staff:export_status", args=["sunne", again.pk])
    assert again.status == ExportRun.Status.DONE  # the tasks run at once in the tests
    assert (
        b"Fler bussar."
        in client.get(reverse("staff:export_download", args=["sunne", again.pk])).getvalue()
    )


def test_a_training_whose_worker_died_says_so(client, sara, settings):
    settings.TASK_STALLED_AFTER_SECONDS = 60
    process = ProcessFactory(slug="sunne", stage="analysis")
    SuggestionModel.objects.create(
        process=process,
        requested_by=sara,
        status=SuggestionModel.Status.TRAINING,
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    client.force_login(sara)
    page = client.get(reverse("staff:suggestions", args=["sunne"])).content.decode()
    assert "Träningen stannade innan den var klar" in page
    assert "Träna på de kodade synpunkterna nu" in page


def test_an_import_whose_worker_died_says_nothing_was_saved(client, settings):
    from opinions.models import ImportRun

    settings.TASK_STALLED_AFTER_SECONDS = 60
    admin = UserFactory(role="administrator")
    process = ProcessFactory(slug="sunne", stage="dialogue_open")
    run = ImportRun.objects.create(
        process=process,
        file_name="papper.xlsx",
        path="imports/none",
        format="auto",
        requested_by=admin,
        status=ImportRun.Status.WRITING,
    )
    client.force_login(admin)
    url = reverse("staff:import_status", args=["sunne", run.pk])
    assert "stannade" not in client.get(url).content.decode()
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    page = client.get(url).content.decode()
    assert "Importen stannade innan den var klar" in page
    assert 'data-hx-trigger="every 2s"' not in page
