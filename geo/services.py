"""Writes to the geography: loading the two code sets and the crosswalk from the installed packages."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import version

from django.db import transaction

from core.text import search_key
from geo.models import AdminUnit, DatasetLoad, Edition, Level, UnitSuccession
from geo.names import unit_match_key
from geo.sources import Dataset, read_dataset

#: Bump when the way rows are derived from the packages changes, so that the next start reloads.
LOADER_VERSION = "4"

_UNIT_FIELDS = (
    "name",
    "unit_type",
    "full_name",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "name_key",
    "match_key",
    "former_name",
    "alias_key",
)
_LINK_FIELDS = ("parent_id", "province_id")
_LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_deleted: int = 0
    skipped: bool = False  # the same data set was already loaded and nothing was counted missing
    notes: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any((self.created, self.updated, self.successions_created, self.successions_updated, self.successions_deleted))


def dataset_signature(only_province: str | None) -> str:
    scope = f"province={only_province}" if only_province else "all"
    return f"loader={LOADER_VERSION};vietnam-provinces={version('vietnam-provinces')};vietnamadminunits={version('vietnamadminunits')};{scope}"


def geo_load(*, only_province: str | None = None, force: bool = False) -> LoadReport:
    """Create or update the administrative units and the crosswalk; re-running changes nothing.

    Units are matched on (edition, level, code) and never deleted (records point at them).
    Crosswalk rows between loaded units that the source no longer lists are deleted.
    Without `force`, a data set already loaded with the same package versions is not re-read.
    """
    signature = dataset_signature(only_province)
    if not force and _already_loaded(signature):
        return LoadReport(skipped=True)
    dataset = read_dataset(only_province)
    with transaction.atomic():
        report = _write(dataset)
        DatasetLoad.objects.update_or_create(
            signature=signature,
            defaults={"unit_count": len(dataset.units), "succession_count": len(dataset.successions)},
        )
    report.notes = dataset.notes
    return report


def _already_loaded(signature: str) -> bool:
    """The recorded load is still there: same package versions and no fewer rows than it wrote."""
    load = DatasetLoad.objects.filter(signature=signature).first()
    if load is None:
        return False
    # A full load must find the whole country; a province load only its own rows, so compare
    # totals only for the full load (others may have added hand-made units in tests).
    if signature.endswith(";all"):
        return AdminUnit.objects.count() >= load.unit_count and UnitSuccession.objects.count() >= load.succession_count
    return True


def _write(dataset: Dataset) -> LoadReport:
    report = LoadReport()
    existing = {
        (u.edition, u.level, u.code): u
        for u in AdminUnit.objects.filter(edition__in=[Edition.CURRENT, Edition.LEGACY]).only(
            "id", "edition", "level", "code", *_UNIT_FIELDS, *_LINK_FIELDS
        )
    }
    ids: dict[tuple[str, str, str], int] = {key: unit.id for key, unit in existing.items()}
    for level in _LEVEL_ORDER:  # parents first, so their ids are known to the children
        to_create, to_update = [], []
        for row in (r for r in dataset.units if r.level == level):
            values = _unit_values(row, ids)
            unit = existing.get((row.edition, row.level, row.code))
            if unit is None:
                to_create.append(AdminUnit(edition=row.edition, level=row.level, code=row.code, **values))
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
        created = _create_units(to_create, level)
        ids.update({(unit.edition, unit.level, unit.code): unit.id for unit in created})
        AdminUnit.objects.bulk_update(to_update, [*_UNIT_FIELDS, *_LINK_FIELDS], batch_size=500)
        report.created += len(created)
        report.updated += len(to_update)
    _write_successions(dataset, ids, report)
    return report


def _unit_values(row, ids: dict) -> dict:
    """The stored fields of a unit row, its parent and province as ids (parents are written first)."""
    return {
        "name": row.name,
        "unit_type": row.unit_type,
        "full_name": row.full_name,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "name_key": search_key(row.name),
        "match_key": unit_match_key(row.name),
        "former_name": row.former_name,
        "alias_key": unit_match_key(row.former_name),
        "parent_id": ids[(row.edition, row.parent_level, row.parent_code)] if row.parent_code else None,
        "province_id": ids.get((row.edition, Level.PROVINCE, row.province_code)),
    }


def _create_units(to_create: list[AdminUnit], level: str) -> list[AdminUnit]:
    """INSERT new units of one level; their ids known afterwards, a province its own province."""
    created = AdminUnit.objects.bulk_create(to_create, batch_size=500)
    if created and created[0].pk is None:  # backends that do not return ids
        lookup = {
            (u.edition, u.level, u.code): u.id
            for u in AdminUnit.objects.filter(level=level).only("id", "edition", "level", "code")
        }
        for unit in created:
            unit.id = lookup[(unit.edition, unit.level, unit.code)]
    # A province is its own province: fill that in once its id exists.
    self_province = [u for u in created if u.level == Level.PROVINCE and u.province_id is None]
    for unit in self_province:
        unit.province_id = unit.id
    AdminUnit.objects.bulk_update(self_province, ["province_id"], batch_size=500)
    return created


def _write_successions(dataset: Dataset, ids: dict, report: LoadReport) -> None:
    wanted = {}
    for row in dataset.successions:
        old_id = ids[(Edition.LEGACY, row.old_level, row.old_code)]
        new_id = ids[(Edition.CURRENT, row.new_level, row.new_code)]
        wanted[(old_id, new_id)] = (row.is_primary, row.source)
    old_ids = {old_id for old_id, _ in wanted}
    loaded_old_ids = {ids[(Edition.LEGACY, u.level, u.code)] for u in dataset.units if u.edition == Edition.LEGACY}
    # Only edges leaving the units this load covers are ours to update or delete.
    existing = {
        (s.old_unit_id, s.new_unit_id): s for s in UnitSuccession.objects.all() if s.old_unit_id in loaded_old_ids | old_ids
    }
    to_create, to_update = [], []
    for (old_id, new_id), (is_primary, source) in wanted.items():
        succession = existing.get((old_id, new_id))
        if succession is None:
            to_create.append(UnitSuccession(old_unit_id=old_id, new_unit_id=new_id, is_primary=is_primary, source=source))
        elif (succession.is_primary, succession.source) != (is_primary, source):
            succession.is_primary, succession.source = is_primary, source
            to_update.append(succession)
    stale = [s.pk for key, s in existing.items() if key not in wanted]
    if stale:
        UnitSuccession.objects.filter(pk__in=stale).delete()
    UnitSuccession.objects.bulk_create(to_create, batch_size=500)
    UnitSuccession.objects.bulk_update(to_update, ["is_primary", "source"], batch_size=500)
    report.successions_created = len(to_create)
    report.successions_updated = len(to_update)
    report.successions_deleted = len(stale)
