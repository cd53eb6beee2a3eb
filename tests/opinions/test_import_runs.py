"""Confirmed uploads are imported in the background; their page shows how far they have come."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from opinions import tasks
from opinions.models import ImportRun, Opinion
from public import site
from tests.factories import GuidingQuestionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def run_for(process, user, data: bytes, name="blankett.csv") -> ImportRun:
    path = default_storage.save("imports/test", ContentFile(data))
    return ImportRun.objects.create(
        process=process, file_name=name, path=path, format="auto", requested_by=user
    )


def test_a_file_that_went_bad_after_the_preview_fails_with_its_reasons(administrator):
    process = ProcessFactory(slug="sunne")
    GuidingQuestionFactory(process=process)
    run = run_for(process, administrator, "Fråga,Synpunkt\n2,Fler bussar.\n".encode())
    tasks.import_run.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.messages == [
        "blankett.csv: Rad 2, kolumn ”Fråga”: ”2” är inte en av processens frågor; ange dess "
        "nummer (1–1) eller exakta text."
    ]
    assert not Opinion.objects.exists()
    assert not default_storage.exists(run.path)  # the upload is not kept


def test_the_status_page_and_its_fragment(administrator_client, administrator):
    process = ProcessFactory(slug="sunne")
    run = run_for(process, administrator, b"Synpunkt\nFler bussar.\n")
    url = reverse("staff:import_status", kwargs={"slug": "sunne", "pk": run.pk})
    waiting = administrator_client.get(url, headers={"HX-Request": "true"})
    fragment = waiting.content.decode()
    assert fragment.lstrip().startswith('<div id="import-status" data-hx-get=')  # asks again
    assert "<html" not in fragment
    tasks.import_run.enqueue(run.pk)
    done = administrator_client.get(url).content.decode()
    assert (
        "blankett.csv: skapade 1 synpunkter (0 uteslutna) och 0 deltagare; 0 fanns redan." in done
    )
    assert 'data-hx-trigger="every 2s"' not in done  # finished: no more asking
    assert Opinion.objects.get().original_text == "Fler bussar."


def test_the_import_page_lists_earlier_imports_at_a_fixed_cost(administrator_client, administrator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    process = ProcessFactory(slug="sunne")
    url = reverse("staff:opinion_import", kwargs={"slug": "sunne"})
    counts = []
    for total in (3, 30):
        while ImportRun.objects.count() < total:
            run = run_for(
                process, administrator, f"Synpunkt\nNummer {ImportRun.objects.count()}\n".encode()
            )
            tasks.import_run.enqueue(run.pk)
        site.current()  # the site's profile, which every page shows, is kept across pages
        with CaptureQueriesContext(connection) as context:
            page = administrator_client.get(url).content.decode()
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
    assert "Tidigare importer" in page
    assert page.count("blankett.csv") == 20  # the newest twenty
