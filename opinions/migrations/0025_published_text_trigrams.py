"""On PostgreSQL, a trigram index of the published texts, for the public site's search: a word
is looked for anywhere in the published text (`published_matching`), which without it read
every published opinion (1.1 s for a common word among the 200,000 published of a
2,000,000-opinion process). SQLite searches without it."""

from django.db import migrations

TRIGRAMS_ON = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS opinion_published_trgm_idx ON opinions_opinion
USING gin (UPPER(published_text) gin_trgm_ops) WHERE publication = 'approved';
"""
TRIGRAMS_OFF = "DROP INDEX IF EXISTS opinion_published_trgm_idx;"


def trigrams_on(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAMS_ON)


def trigrams_off(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAMS_OFF)


class Migration(migrations.Migration):
    dependencies = [("opinions", "0024_live_event_index")]

    operations = [migrations.RunPython(trigrams_on, trigrams_off, elidable=False)]
