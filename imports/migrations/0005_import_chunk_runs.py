"""ImportChunk keeps its row numbers and created ids as runs of consecutive numbers
([first, count] each) instead of one JSON number per row."""

from django.db import migrations, models


# Copies of ImportChunk.runs and ImportChunk.expand as they are today: a migration must keep doing
# what it did when the model's code changes (a test holds them equal).
def _runs(numbers):
    runs = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1][1] += 1
        else:
            runs.append([number, 1])
    return runs


def _expand(runs):
    return [number for first, count in runs for number in range(first, first + count)]


def _convert(apps, convert):
    ImportChunk = apps.get_model("imports", "ImportChunk")
    for chunk in ImportChunk.objects.only("row_runs", "created_runs").iterator():
        chunk.row_runs, chunk.created_runs = convert(chunk.row_runs), convert(chunk.created_runs)
        chunk.save(update_fields=["row_runs", "created_runs"])


def to_runs(apps, schema_editor):
    _convert(apps, _runs)


def to_lists(apps, schema_editor):
    _convert(apps, _expand)


class Migration(migrations.Migration):
    dependencies = [("imports", "0004_foreign_kinds")]

    operations = [
        migrations.RenameField("importchunk", "row_numbers", "row_runs"),
        migrations.RenameField("importchunk", "created_ids", "created_runs"),
        migrations.RunPython(to_runs, to_lists),
    ]
