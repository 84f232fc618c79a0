"""The table of the shared database cache (settings.CACHES), created with the schema so that every
way of setting up a database (`make run`, `make serve`, the test databases) has it. Nothing is
created when the cache is Redis (CACHE_URL); `manage.py createcachetable` adds it later if needed."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
