"""Background work of the public site, through Django's task interface."""

from django.conf import settings
from django_tasks import task

from public.notify import feedback_messages_send


@task()
def send_feedback_messages(process_id: int, base_url: str) -> int:
    """Tell everyone who left a contact for feedback that it is published; return how many."""
    return feedback_messages_send(process_id, base_url=base_url)


def feedback_messages_queue(process) -> None:
    """Send the feedback messages in the background: the step taken on entering "feedback
    published" (dialogues/stages.py). A move restored from an archive takes no step: those
    people were told long ago."""
    send_feedback_messages.enqueue(process.pk, settings.SITE_URL)
