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


@transaction.atomic
def load_catalogue(apps=global_apps) -> LoadResult:
    """Create or update indicators and targets from the data files (works inside migrations too)."""
    Indicator = apps.get_model("indicators", "Indicator")
    Target = apps.get_model("indicators", "Target")
    HistoricalTarget = apps.get_model("indicators", "HistoricalTarget")
    AdminUnit = apps.get_model("geo", "AdminUnit")
    result = LoadResult()
    # Inside an older migration the model lacks fields added later: load only those it has.
    known = {f.name for f in Indicator._meta.get_fields()}
    order = 0
    for path in indicator_files():
        for entry in _read(path).get("indicators", []):
            order += 10
            values = {name: entry[name] for name in INDICATOR_FIELDS if name in entry and name in known}
            values.setdefault("method", "computed")
            values.setdefault("parameters", {})
            values["sort_order"] = entry.get("sort_order", order)
            indicator = Indicator.objects.filter(code=entry["code"]).first()
            if indicator is None:
                Indicator.objects.create(code=entry["code"], **values)
                result.indicators_created += 1
            elif any(getattr(indicator, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(indicator, name, value)
                indicator.save()
                result.indicators_updated += 1

    for document in _read(HERE / "targets.yaml").get("documents", []):
        scope = document["scope"]
        if scope == "country":
            level, unit = "country", None
        else:
            level = scope["level"]
            unit = AdminUnit.objects.filter(edition=scope["edition"], level=level, code=scope["code"]).first()
            if unit is None:
                result.skipped.append(f"{document['document']}: {level} {scope['edition']} {scope['code']}")
                continue
        for entry in document["targets"]:
            indicator = Indicator.objects.get(code=entry["indicator"])
            low, high = entry["value"] if isinstance(entry["value"], list) else (entry["value"], None)
            values = {
                "start_year": entry.get("start_year", document["start_year"]),
                "value_min": Decimal(str(low)),
                "value_max": None if high is None else Decimal(str(high)),
                "accumulation": entry.get("accumulation", "level"),
                "baseline_value": None if entry.get("baseline") is None else Decimal(str(entry["baseline"])),
                "document_date": _date(document.get("document_date")),
                "verification": document.get("verification", "unverified"),
                "note": " ".join(part for part in (document.get("note", ""), entry.get("note", "")) if part),
            }
            key = {
                "indicator": indicator,
                "scope_level": level,
                "scope_unit": unit,
                "year": entry.get("year", document["year"]),
                "document": document["document"],
            }
            # A target a person has edited or deleted (history with a user) is theirs now: the seed
            # neither overwrites nor re-creates it, so re-running `make run` loses no one's work.
            touched = HistoricalTarget.objects.filter(history_user__isnull=False, **key)
            target = Target.objects.filter(**key).first()
            if target is None:
                if touched.filter(history_type="-").exists():
                    result.targets_kept += 1
                    continue
                Target.objects.create(**key, **values)
                result.targets_created += 1
            elif any(getattr(target, name) != value for name, value in values.items()):
                if touched.filter(id=target.pk).exists():
                    result.targets_kept += 1
                    continue
                for name, value in values.items():
                    setattr(target, name, value)
                target.save()
                result.targets_updated += 1
    return result


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
