"""Read Vietnam's administrative units from the two installed packages into plain rows.

- `vietnam-provinces` (GSO codes): the current set (34 provinces, 3,321 communes), the pre-reform
  set and the official old→new ward conversion table (Bảng chuyển đổi ĐVHC mới – cũ).
- `vietnamadminunits`: centroids for both sets, the names of the pre-reform units as they stood on
  30/6/2025 (it includes the renames and upgrades of 2024–2025 that the older GSO snapshot in
  `vietnam-provinces.legacy` lacks), and which new commune is the default successor of an old
  commune that was split.

Nothing here touches the database: `geo.services.geo_load` writes these rows.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from core.text import compact_key, nfc
from geo.models import REFORM_DATE, Edition, Level

LAST_LEGACY_DAY = REFORM_DATE - dt.timedelta(days=1)

_TYPE_NAMES = {
    "tỉnh": "Tỉnh",
    "thành phố trung ương": "Thành phố",
    "thành phố": "Thành phố",
    "huyện": "Huyện",
    "quận": "Quận",
    "thị xã": "Thị xã",
    "xã": "Xã",
    "phường": "Phường",
    "thị trấn": "Thị trấn",
    "đặc khu": "Đặc khu",
}

#: Former names neither package keeps, still common in older records. Source: the National
#: Assembly's resolution of 30/11/2024 founding the centrally-run Thành phố Huế on the whole of
#: Tỉnh Thừa Thiên Huế, in force from 1/1/2025.
KNOWN_FORMER_NAMES = {
    (Edition.LEGACY, Level.PROVINCE, "46"): "Thừa Thiên Huế",
    (Edition.CURRENT, Level.PROVINCE, "46"): "Thừa Thiên Huế",
}


@dataclass
class UnitRow:
    edition: str
    level: str
    code: str
    name: str
    unit_type: str
    parent_code: str | None  # code of the parent in the same edition (province or district)
    province_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    former_name: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"

    @property
    def parent_level(self) -> str | None:
        if self.parent_code is None:
            return None
        if self.edition == Edition.LEGACY and self.level == Level.COMMUNE:
            return Level.DISTRICT
        return Level.PROVINCE


@dataclass
class SuccessionRow:
    old_level: str
    old_code: str
    new_level: str
    new_code: str
    is_primary: bool
    source: str


@dataclass
class Dataset:
    units: list[UnitRow]
    successions: list[SuccessionRow]
    notes: dict[str, int] = field(default_factory=dict)


def _split_type(full: str, division_type: str) -> tuple[str, str]:
    """ "Thành phố Đà Nẵng", "thành phố trung ương" → ("Thành phố", "Đà Nẵng")."""
    full = nfc(full)
    unit_type = _TYPE_NAMES[division_type.lower()]
    if full.lower().startswith(unit_type.lower() + " "):
        return unit_type, full[len(unit_type) + 1 :].strip()
    return unit_type, full


def _split_named(full: str) -> tuple[str, str]:
    """Split a name whose type is only written in front of it ("Thị Xã Mường Lay")."""
    full = nfc(full)
    for type_name in sorted(set(_TYPE_NAMES.values()), key=len, reverse=True):
        if full.lower().startswith(type_name.lower() + " "):
            return type_name, full[len(type_name) + 1 :].strip()
    raise ValueError(f"Không nhận ra loại đơn vị trong tên {full!r}")


def _code(value: int | str, width: int) -> str:
    return str(int(value)).zfill(width)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


@cache
def _vau_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data"


@cache
def _vau_rows(table: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{_vau_dir() / 'dataset.db'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(f"SELECT * FROM [{table}]").fetchall()  # noqa: S608 (fixed table names)


def _current_units(wanted: str | None, notes: Counter) -> list[UnitRow]:
    """The units in force since 1/7/2025 (provinces and communes), with their centroids."""
    from vietnam_provinces import Province, Ward

    units: list[UnitRow] = []
    vau_current = _vau_rows("admin_units")
    province_centroids = {_code(r["provinceCode"], 2): (r["provinceLat"], r["provinceLon"]) for r in vau_current}
    ward_centroids = {_code(r["wardCode"], 5): (r["wardLat"], r["wardLon"], r["wardShort"]) for r in vau_current}
    for province in Province.iter_all():
        code = _code(province.code.value, 2)
        if wanted and code != wanted:
            continue
        unit_type, name = _split_type(province.name, province.division_type.value)
        lat, lon = province_centroids.get(code, (None, None))
        notes["centroid_current_province"] += lat is not None
        units.append(
            UnitRow(
                Edition.CURRENT,
                Level.PROVINCE,
                code,
                name,
                unit_type,
                None,
                code,
                REFORM_DATE,
                None,
                _decimal(lat),
                _decimal(lon),
            )
        )
    for ward in Ward.iter_all():
        province_code = _code(ward.province_code.value, 2)
        if wanted and province_code != wanted:
            continue
        code = _code(ward.code.value, 5)
        unit_type, name = _split_type(ward.name, ward.division_type.value)
        lat, lon, short = ward_centroids.get(code, (None, None, None))
        if short is not None and compact_key(short) != compact_key(name):
            notes["centroid_current_commune_name_mismatch"] += 1  # same code, another name: do not trust it
            lat = lon = None
        notes["centroid_current_commune"] += lat is not None
        units.append(
            UnitRow(
                Edition.CURRENT,
                Level.COMMUNE,
                code,
                name,
                unit_type,
                province_code,
                province_code,
                REFORM_DATE,
                None,
                _decimal(lat),
                _decimal(lon),
            )
        )
    return units


@cache
def read_dataset(only_province: str | None = None) -> Dataset:
    """Every unit and crosswalk edge, or only those of one current province (by GSO code) and the
    pre-reform units that rolled into it. Cached: the packages do not change while a process runs
    (treat the result as read-only)."""
    from vietnam_provinces import legacy as old
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW
    from vietnam_provinces._ward_conversion_2025 import SOURCE as WARD_SOURCE

    notes: Counter[str] = Counter()
    units: list[UnitRow] = []
    wanted = None if only_province is None else _code(only_province, 2)

    units += _current_units(wanted, notes)

    # Which legacy provinces to read: all, or those that rolled (even partly) into the wanted one.
    legacy_provinces = {
        _code(old_code, 2)
        for old_code, entry in PROVINCE_OLD_TO_NEW.items()
        if wanted is None or any(_code(p.code, 2) == wanted for p in entry.new_provinces)
    }

    # Pre-reform set: the GSO names from vietnam-provinces, unless vietnamadminunits (30/6/2025)
    # shows a rename or an upgrade (then its name is the one in force on the last legacy day).
    vau_legacy = [r for r in _vau_rows("admin_units_legacy") if _code(r["provinceCode"], 2) in legacy_provinces]
    gso_provinces = {_code(p.code.value, 2): p for p in old.Province.iter_all()}
    gso_districts = {_code(d.code.value, 3): d for d in old.District.iter_all()}
    gso_wards = {_code(w.code.value, 5): w for w in old.Ward.iter_all()}

    def legacy_name(gso, vau_full: str) -> tuple[str, str, str]:
        """(type, name, former name) as on 30/6/2025."""
        vau_type, vau_name = _split_named(vau_full)
        if gso is not None:
            gso_type, gso_name = _split_type(gso.name, gso.division_type.value)
            if compact_key(gso_name) == compact_key(vau_name):
                return vau_type, gso_name, ""  # GSO spelling; the type may have changed (upgrades)
            notes["legacy_renamed_by_2025"] += 1
            return vau_type, vau_name, gso_name
        return vau_type, vau_name, ""

    seen_provinces: dict[str, tuple] = {}
    seen_districts: dict[str, tuple] = {}
    for row in vau_legacy:
        p_code = _code(row["provinceCode"], 2)
        seen_provinces.setdefault(p_code, (row["province"], row["provinceLat"], row["provinceLon"]))
        d_code = _code(row["districtCode"], 3)
        seen_districts.setdefault(d_code, (row["district"], p_code, row["districtLat"], row["districtLon"]))
    for p_code, (vau_full, lat, lon) in sorted(seen_provinces.items()):
        unit_type, name, former = legacy_name(gso_provinces.get(p_code), vau_full)
        notes["centroid_legacy_province"] += lat is not None
        units.append(
            UnitRow(
                Edition.LEGACY,
                Level.PROVINCE,
                p_code,
                name,
                unit_type,
                None,
                p_code,
                None,
                LAST_LEGACY_DAY,
                _decimal(lat),
                _decimal(lon),
                former,
            )
        )
    district_centroids = {}
    for d_code, (vau_full, p_code, lat, lon) in sorted(seen_districts.items()):
        unit_type, name, former = legacy_name(gso_districts.get(d_code), vau_full)
        district_centroids[d_code] = (lat, lon)
        notes["centroid_legacy_district"] += lat is not None
        units.append(
            UnitRow(
                Edition.LEGACY,
                Level.DISTRICT,
                d_code,
                name,
                unit_type,
                p_code,
                p_code,
                None,
                LAST_LEGACY_DAY,
                _decimal(lat),
                _decimal(lon),
                former,
            )
        )
    for row in vau_legacy:
        if row["wardCode"] is None:  # island districts without communes (Bạch Long Vĩ, Côn Đảo…)
            continue
        code = _code(row["wardCode"], 5)
        d_code = _code(row["districtCode"], 3)
        unit_type, name, former = legacy_name(gso_wards.get(code), row["ward"])
        lat, lon = row["wardLat"], row["wardLon"]
        if (lat, lon) == district_centroids[d_code]:
            # The geocoder fell back to the district: a district centre is not the commune's.
            notes["centroid_legacy_commune_district_fallback"] += 1
            lat = lon = None
        notes["centroid_legacy_commune"] += lat is not None
        units.append(
            UnitRow(
                Edition.LEGACY,
                Level.COMMUNE,
                code,
                name,
                unit_type,
                d_code,
                _code(row["provinceCode"], 2),
                None,
                LAST_LEGACY_DAY,
                _decimal(lat),
                _decimal(lon),
                former,
            )
        )

    for row in units:
        row.former_name = row.former_name or KNOWN_FORMER_NAMES.get((row.edition, row.level, row.code), "")
    successions = _successions(units, WARD_OLD_TO_NEW, WARD_SOURCE, PROVINCE_OLD_TO_NEW, notes)
    return Dataset(units, successions, dict(notes))


@cache
def _default_successors() -> dict[str, str]:
    """Old commune code → code of the new commune vietnamadminunits names as its default successor
    (for communes split between several new ones). Its table is keyed by names; map them to codes."""
    old_codes = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": _code(r["wardCode"], 5)
        for r in _vau_rows("admin_units_legacy")
        if r["wardCode"] is not None
    }
    new_codes = {(r["provinceKey"], r["wardKey"]): _code(r["wardCode"], 5) for r in _vau_rows("admin_units")}
    data = json.loads((_vau_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    defaults = {}
    for new_province_key, divided in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, new_wards in divided.items():
            old_code = old_codes.get(old_key)
            chosen = [w["newWardKey"] for w in new_wards if w["isDefaultNewWard"]]
            if old_code and len(chosen) == 1 and (new_province_key, chosen[0]) in new_codes:
                defaults[old_code] = new_codes[(new_province_key, chosen[0])]
    return defaults


def _successions(units, ward_old_to_new, ward_source, province_old_to_new, notes) -> list[SuccessionRow]:
    by_key = {(u.edition, u.level, u.code): u for u in units}
    provinces_of_new = _new_provinces(province_old_to_new)
    rows = _commune_successions(units, by_key, ward_old_to_new, ward_source, notes)
    rows += _island_district_successions(units, by_key, provinces_of_new)
    rows += _province_successions(units, by_key, provinces_of_new, rows)
    return rows


def _commune_successions(units, by_key, ward_old_to_new, ward_source, notes) -> list[SuccessionRow]:
    rows: list[SuccessionRow] = []
    defaults = _default_successors()
    source = f"vietnam-provinces: {ward_source}"
    for old_int, entry in ward_old_to_new.items():
        old_code = _code(old_int, 5)
        old_unit = by_key.get((Edition.LEGACY, Level.COMMUNE, old_code))
        new_codes = [_code(n.code, 5) for n in entry.new_wards if (Edition.CURRENT, Level.COMMUNE, _code(n.code, 5)) in by_key]
        if old_unit is None or not new_codes:
            continue
        primary = _primary(old_unit, new_codes, defaults, by_key, notes)
        rows += [SuccessionRow(Level.COMMUNE, old_code, Level.COMMUNE, code, code == primary, source) for code in new_codes]
    mapped = {r.old_code for r in rows}
    notes["legacy_commune_without_successor"] = sum(
        1 for u in units if u.edition == Edition.LEGACY and u.level == Level.COMMUNE and u.code not in mapped
    )
    return rows


def _island_district_successions(units, by_key, provinces_of_new) -> list[SuccessionRow]:
    """Island districts had no communes; each became a special zone (đặc khu) of the same name."""
    current_by_name = {
        (u.province_code, compact_key(u.name)): u.code for u in units if u.edition == Edition.CURRENT and u.level == Level.COMMUNE
    }
    with_communes = {c.parent_code for c in units if c.edition == Edition.LEGACY and c.level == Level.COMMUNE}
    islands = [u for u in units if u.edition == Edition.LEGACY and u.level == Level.DISTRICT and u.code not in with_communes]
    rows = []
    for u in islands:
        for new_province in provinces_of_new.get(u.province_code, ()):
            new_code = current_by_name.get((new_province, compact_key(u.name)))
            if new_code and by_key[(Edition.CURRENT, Level.COMMUNE, new_code)].unit_type == "Đặc khu":
                rows.append(SuccessionRow(Level.DISTRICT, u.code, Level.COMMUNE, new_code, True, "Đặc khu cùng tên"))
    return rows


def _province_successions(units, by_key, provinces_of_new, commune_rows) -> list[SuccessionRow]:
    """The primary successor of a province is the new province that received most of its communes."""
    received: dict[str, Counter] = defaultdict(Counter)
    legacy_province_of = {u.code: u.province_code for u in units if u.edition == Edition.LEGACY and u.level == Level.COMMUNE}
    new_province_of = {u.code: u.province_code for u in units if u.edition == Edition.CURRENT and u.level == Level.COMMUNE}
    for r in commune_rows:
        if r.old_level == Level.COMMUNE and r.is_primary:
            received[legacy_province_of[r.old_code]][new_province_of[r.new_code]] += 1
    rows = []
    for old_code, new_codes in provinces_of_new.items():
        present = [c for c in new_codes if (Edition.CURRENT, Level.PROVINCE, c) in by_key]
        if (Edition.LEGACY, Level.PROVINCE, old_code) not in by_key or not present:
            continue
        primary = max(present, key=lambda c: (received[old_code][c], -int(c)))
        rows += [
            SuccessionRow(Level.PROVINCE, old_code, Level.PROVINCE, code, code == primary, "vietnam-provinces")
            for code in present
        ]
    return rows


def _new_provinces(province_old_to_new) -> dict[str, list[str]]:
    return {_code(old, 2): [_code(p.code, 2) for p in entry.new_provinces] for old, entry in province_old_to_new.items()}


def _primary(old_unit: UnitRow, new_codes: list[str], defaults, by_key, notes) -> str:
    """Which new commune an old one's records roll into when it was split."""
    if len(new_codes) == 1:
        return new_codes[0]
    default = defaults.get(old_unit.code)
    if default in new_codes:
        notes["split_primary_from_vietnamadminunits"] += 1
        return default
    # No default known: the new commune that kept the old name, else the first listed.
    same_name = [
        c for c in new_codes if compact_key(by_key[(Edition.CURRENT, Level.COMMUNE, c)].name) == compact_key(old_unit.name)
    ]
    if same_name:
        notes["split_primary_same_name"] += 1
        return same_name[0]
    notes["split_primary_first_listed"] += 1
    return new_codes[0]
