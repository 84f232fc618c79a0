# Its own migration, after the data one (0004): the copy commits before the table goes, and a schema
# change never shares a transaction with rows written under PostgreSQL's deferred foreign-key checks.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_generated_documents_to_queued"),
    ]

    operations = [
        migrations.DeleteModel(
            name="GeneratedDocument",
        ),
    ]
