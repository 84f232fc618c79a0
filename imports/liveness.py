"""Whether some process is still working on a batch: the processing marks it in the shared cache at
the start and with each progress write, for HOPTAC_IMPORT_STALE_MINUTES. The task worker and an
inline run (`manage.py import_workbook`) mark alike, so the sweep (imports.upkeep) never takes a
batch still being read for an interrupted one."""

from django.conf import settings
from django.core.cache import cache


def _key(batch_id: int) -> str:
    return f"imports:processing:{batch_id}"


def mark_processing(batch_id: int) -> None:
    cache.set(_key(batch_id), True, settings.HOPTAC_IMPORT_STALE_MINUTES * 60)


def is_processing(batch_id: int) -> bool:
    return bool(cache.get(_key(batch_id)))
