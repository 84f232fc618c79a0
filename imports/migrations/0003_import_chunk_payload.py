import json
import zlib

from django.db import migrations, models


def pack_values(apps, schema_editor):
    """Chunks staged before: their JSON values become the compressed payload (ImportChunk.pack)."""
    ImportChunk = apps.get_model("imports", "ImportChunk")
    for chunk in ImportChunk.objects.all():
        chunk.payload = zlib.compress(json.dumps(chunk.values, separators=(",", ":")).encode(), 1)
        chunk.save(update_fields=["payload"])


def unpack_values(apps, schema_editor):
    ImportChunk = apps.get_model("imports", "ImportChunk")
    for chunk in ImportChunk.objects.all():
        chunk.values = json.loads(zlib.decompress(chunk.payload))
        chunk.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_import_chunk"),
    ]

    operations = [
        migrations.AddField(model_name="importchunk", name="payload", field=models.BinaryField(default=b""), preserve_default=False),
        migrations.RunPython(pack_values, unpack_values),
        migrations.RemoveField(model_name="importchunk", name="values"),
    ]
