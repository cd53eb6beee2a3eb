"""On PostgreSQL, a trigram index of the published texts, for the public site's search: a word
is looked for anywhere in the published text (`published_matching`), which without it read
every published opinion (1.1 s for a common word among the 200,000 published of a
2,000,000-opinion process). SQLite searches without it, and so does a PostgreSQL on which the
extension pg_trgm cannot be created (a role that does not own the database, or a managed
service where it is not allowed): the migration says so and goes on."""

import sys

from django.db import DatabaseError, migrations, transaction

INDEX = """
CREATE INDEX IF NOT EXISTS opinion_published_trgm_idx ON opinions_opinion
USING gin (UPPER(published_text) gin_trgm_ops) WHERE publication = 'approved';
"""


def trigrams_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        sys.stderr.write(
            f"\n  The extension pg_trgm could not be created ({str(error).strip()}): the public "
            "search works without its index, slower with hundreds of thousands of published "
            "opinions. Create it as the database's owner, then run `manage.py migrate opinions "
            "0024` and `manage.py migrate` to add the index.\n"
        )
        return
    schema_editor.execute(INDEX)


def trigrams_off(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS opinion_published_trgm_idx;")


class Migration(migrations.Migration):
    dependencies = [("opinions", "0024_live_event_index")]

    operations = [migrations.RunPython(trigrams_on, trigrams_off, elidable=False)]
