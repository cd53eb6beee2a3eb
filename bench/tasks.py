"""A task for bench/soak.py's cluster: it records each run of itself in bench_write, so that a
task run twice (or never) shows in the table."""

from django.db import connection, transaction
from django_tasks import task


@task()
def soak_probe(number: int) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_write (body) VALUES (%s)", [f"task {number}"])
    return number
