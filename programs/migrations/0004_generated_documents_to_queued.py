"""The program's consolidated reports move onto reports.queued, the one mechanism for documents built
on the task queue: each GeneratedDocument becomes a QueuedDocument of kind "programs-consolidated"
with the same status, file, asker and times, so a report built before the upgrade can still be
downloaded and the nightly retention deletes it (and its file) on its day.

The files stay where they are (generated/programs/<program>/…): a FileField keeps the stored name,
and the retention deletes whatever name it holds. A document still waiting or being built has lost
its task (programs.documents.build_document_task is gone): the reports' sweep marks it failed with
its "interrupted" message, as after any restart, and the person asks again. A document whose asker's
account was deleted cannot be kept (a QueuedDocument belongs to its asker): it goes with its file;
it is a cache, rebuilt from the program by one click.
"""

from django.db import migrations

# programs.documents.KIND, spelled here: a migration must not depend on code that may change.
KIND = "programs-consolidated"


def to_queued(apps, schema_editor):
    GeneratedDocument = apps.get_model("programs", "GeneratedDocument")
    QueuedDocument = apps.get_model("reports", "QueuedDocument")
    for old in GeneratedDocument.objects.order_by("pk").iterator():
        if old.requested_by_id is None:
            if old.file:
                old.file.delete(save=False)
            continue
        new = QueuedDocument.objects.create(
            kind=KIND,
            params={"program": old.program_id, "fmt": old.fmt, "options": old.options},
            status=old.status,
            file=old.file.name,
            filename=old.filename,
            error=old.error,
            requested_by_id=old.requested_by_id,
            finished_at=old.finished_at,
        )
        # created_at is auto_now_add: set after the insert, so that the retention counts from the request.
        QueuedDocument.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_generated_document"),
        ("reports", "0002_queued_document"),
    ]

    # Backwards there is nothing to restore: the documents stay in reports.queued, which serves them.
    operations = [migrations.RunPython(to_queued, migrations.RunPython.noop)]
