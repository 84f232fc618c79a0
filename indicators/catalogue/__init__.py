"""Loading the indicator catalogue and the targets from their YAML data files.

Sources, in order: `indicators/catalogue/indicators.yaml`, then `<app>/indicators.yaml` of any
installed app (so another app, e.g. `support`, can add indicators computed by the functions it
contributes through the hook "indicators.computations"), then `indicators/catalogue/targets.yaml`.
Loading is idempotent: entries are matched by indicator code and by (indicator, scope, year,
document); re-running changes nothing. Targets whose administrative unit is not loaded yet are
skipped and reported, so the command can simply be run again once `geo` is seeded.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps as global_apps
from django.db import transaction

HERE = Path(__file__).parent
INDICATOR_FIELDS = (
    "name",
    "name_en",
    "group",
    "unit",
    "definition",
    "numerator",
    "denominator",
    "population",
    "source",
    "method",
    "computation",
    "parameters",
    "higher_is_better",
)


@dataclass
class LoadResult:
    indicators_created: int = 0
    indicators_updated: int = 0
    targets_created: int = 0
    targets_updated: int = 0
    targets_kept: int = 0  # differ from the seed because a person changed them: left as they are
    skipped: list[str] = field(default_factory=list)


def indicator_files() -> list[Path]:
    files = [HERE / "indicators.yaml"]
    for config in global_apps.get_app_configs():
        extra = Path(config.path) / "indicators.yaml"
        if extra.exists():
            files.append(extra)
    return files


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _changed(instance, values: dict) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())


def _assign(instance, values: dict) -> None:
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


def _load_indicators(Indicator, result: LoadResult) -> None:
    # Inside an older migration the model lacks fields added later: load only those it has.
    known = {f.name for f in Indicator._meta.get_fields()}
    entries = [entry for path in indicator_files() for entry in _read(path).get("indicators", [])]
    for order, entry in enumerate(entries, start=1):
        values = {name: entry[name] for name in INDICATOR_FIELDS if name in entry and name in known}
        values.setdefault("method", "computed")
        values.setdefault("parameters", {})
        values["sort_order"] = entry.get("sort_order", order * 10)
        indicator = Indicator.objects.filter(code=entry["code"]).first()
        if indicator is None:
            Indicator.objects.create(code=entry["code"], **values)
            result.indicators_created += 1
        elif _changed(indicator, values):
            _assign(indicator, values)
            result.indicators_updated += 1


def _document_place(document: dict, AdminUnit) -> tuple[str, object] | None:
    """(scope level, unit) a document sets targets for; None when its unit is not loaded yet."""
    scope = document["scope"]
    if scope == "country":
        return "country", None
    unit = AdminUnit.objects.filter(edition=scope["edition"], level=scope["level"], code=scope["code"]).first()
    return None if unit is None else (scope["level"], unit)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _target_values(document: dict, entry: dict) -> dict:
    low, high = entry["value"] if isinstance(entry["value"], list) else (entry["value"], None)
    return {
        "start_year": entry.get("start_year", document["start_year"]),
        "value_min": _decimal(low),
        "value_max": _decimal(high),
        "accumulation": entry.get("accumulation", "level"),
        "baseline_value": _decimal(entry.get("baseline")),
        "document_date": _date(document.get("document_date")),
        "verification": document.get("verification", "unverified"),
        "note": " ".join(part for part in (document.get("note", ""), entry.get("note", "")) if part),
    }


def _load_target(models: dict, key: dict, values: dict, result: LoadResult) -> None:
    """Create or update one seeded target, unless a person has made it theirs.

    A target a person has edited or deleted (history with a user) is theirs now: the seed neither
    overwrites nor re-creates it, so re-running `make run` loses no one's work."""
    touched = models["HistoricalTarget"].objects.filter(history_user__isnull=False, **key)
    target = models["Target"].objects.filter(**key).first()
    if target is None:
        if touched.filter(history_type="-").exists():
            result.targets_kept += 1
        else:
            models["Target"].objects.create(**key, **values)
            result.targets_created += 1
    elif _changed(target, values):
        if touched.filter(id=target.pk).exists():
            result.targets_kept += 1
        else:
            _assign(target, values)
            result.targets_updated += 1


def _load_targets(models: dict, result: LoadResult) -> None:
    for document in _read(HERE / "targets.yaml").get("documents", []):
        place = _document_place(document, models["AdminUnit"])
        if place is None:
            scope = document["scope"]
            result.skipped.append(f"{document['document']}: {scope['level']} {scope['edition']} {scope['code']}")
            continue
        level, unit = place
        for entry in document["targets"]:
            key = {
                "indicator": models["Indicator"].objects.get(code=entry["indicator"]),
                "scope_level": level,
                "scope_unit": unit,
                "year": entry.get("year", document["year"]),
                "document": document["document"],
            }
            _load_target(models, key, _target_values(document, entry), result)


@transaction.atomic
def load_catalogue(apps=global_apps) -> LoadResult:
    """Create or update indicators and targets from the data files (works inside migrations too)."""
    models = {
        "Indicator": apps.get_model("indicators", "Indicator"),
        "Target": apps.get_model("indicators", "Target"),
        "HistoricalTarget": apps.get_model("indicators", "HistoricalTarget"),
        "AdminUnit": apps.get_model("geo", "AdminUnit"),
    }
    result = LoadResult()
    _load_indicators(models["Indicator"], result)
    _load_targets(models, result)
    return result


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
