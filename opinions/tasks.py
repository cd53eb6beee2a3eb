"""Background work on opinions, through Django's task interface (django-tasks on Django 5.2)."""

from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import task

from opinions.formats.opinion_files import plan_import
from opinions.formats.tables import ImportRefused
from opinions.models import ImportRun, OpinionImport
from opinions.services.imports import import_commit


def _set(run: ImportRun, status: str, **fields) -> None:
    ImportRun.objects.filter(pk=run.pk).update(status=status, **fields)


@task()
def import_run(run_id: int) -> str:
    """Read, check and save an upload that was confirmed. All or nothing, as in the shell."""
    run = ImportRun.objects.select_related("process", "event", "requested_by").get(pk=run_id)
    _set(run, ImportRun.Status.READING)
    try:
        with default_storage.open(run.path) as stored:
            data = stored.read()
        plan = plan_import(
            process=run.process,
            event=run.event,
            file_name=run.file_name,
            data=data,
            fmt=run.format,
            mapping=run.mapping,
        )
        if not plan.ok:
            raise ImportRefused("\n".join(plan.messages()))
        _set(run, ImportRun.Status.WRITING)
        with transaction.atomic():
            import_commit(plan, recorded_by=run.requested_by)
            result = (
                OpinionImport.objects.filter(process=run.process, digest=plan.digest)
                .order_by("-pk")
                .first()
            )
            _set(run, ImportRun.Status.DONE, result=result)
    except (ImportRefused, FileNotFoundError) as error:
        _set(run, ImportRun.Status.FAILED, messages=str(error).splitlines()[:200])
        return "failed"
    except Exception:
        _set(run, ImportRun.Status.FAILED, messages=["internal error"])
        raise
    finally:
        default_storage.delete(run.path)
    return "done"


@task()
def train_suggestions(model_id: int) -> str:
    """Train the suggestion model a strategist asked for, and suggest for uncoded opinions."""
    from opinions.models import SuggestionModel
    from opinions.services.suggestions import train_model

    model = SuggestionModel.objects.select_related("process").get(pk=model_id)
    try:
        return train_model(model).status
    except Exception:
        SuggestionModel.objects.filter(pk=model_id).update(
            status=SuggestionModel.Status.FAILED, message="internal error"
        )
        raise


@task()
def export_run(run_id: int) -> str:
    """Write the export a strategist asked for into storage, for the export's page to offer."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from opinions.formats.exports import export
    from opinions.models import ExportRun

    run = ExportRun.objects.select_related("process").get(pk=run_id)
    ExportRun.objects.filter(pk=run_id).update(
        status=ExportRun.Status.WRITING, started_at=timezone.now()
    )
    try:
        data = export(run.process, run.format)
        path = default_storage.save(
            f"exports/{run.process.slug}/{run.pk}.{run.format}", ContentFile(data)
        )
    except Exception:
        ExportRun.objects.filter(pk=run_id).update(
            status=ExportRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    ExportRun.objects.filter(pk=run_id).update(
        status=ExportRun.Status.DONE, path=path, size=len(data), finished_at=timezone.now()
    )
    return "done"


@task()
def purge_personal_data() -> int:
    """Gallring as a background task: what `manage.py purge_contacts` does."""
    from opinions.services.privacy import purge_expired

    return purge_expired().removed
