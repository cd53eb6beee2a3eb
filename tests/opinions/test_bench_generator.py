"""The benchmark's generator writes files the importer takes as they are, with the template's
columns, so that bench/imports.py measures a real import."""

import subprocess
import sys

import pytest
from django.conf import settings

from opinions.formats.opinion_files import plan_import
from opinions.models import Opinion
from opinions.services.imports import import_commit
from tests.factories import AreaFactory, GuidingQuestionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_generated_files_import_cleanly(tmp_path, administrator, suffix):
    target = tmp_path / f"opinions.{suffix}"
    subprocess.run(
        [sys.executable, "bench/generate.py", "200", str(target)],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
    )
    process = ProcessFactory()
    for order in range(1, 5):
        GuidingQuestionFactory(process=process, order=order)
    for name in ["Sunne tätort", "Lysvik", "Gräsmark", "Östra Ämtervik", "Västra Ämtervik"]:
        AreaFactory(process=process, name=name)
    plan = plan_import(process=process, file_name=target.name, data=target.read_bytes())
    assert plan.ok, plan.messages()[:3]
    result = import_commit(plan, recorded_by=administrator)
    assert result.opinions == 200
    assert Opinion.objects.filter(respondent__isnull=False).count() == 200
