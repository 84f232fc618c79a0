"""The place an indicator is computed for: the country, a province or a commune.

Organizations always carry their current (post-2025) commune and province, so current scopes
filter on those columns directly. A scope may also be a pre-2025 unit (a provincial plan such as
Quảng Nam's QĐ 2735/QĐ-UBND was set for the old province): it then covers the current communes
that succeeded its communes through the crosswalk (geo.UnitSuccession).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from geo.models import AdminUnit, Edition, Level, UnitSuccession
from geo.selectors import successor_commune_ids


@dataclass(frozen=True)
class Scope:
    level: str  # "country" | "province" | "commune"
    unit: AdminUnit | None = None

    @classmethod
    def country(cls) -> "Scope":
        return cls("country", None)

    @classmethod
    def of(cls, unit: AdminUnit | None) -> "Scope":
        if unit is None:
            return cls.country()
        return cls(Level.PROVINCE if unit.level == Level.PROVINCE else Level.COMMUNE, unit)

    @property
    def key(self) -> str:
        return "country" if self.unit is None else f"{self.unit.edition}:{self.unit.level}:{self.unit.code}"

    @property
    def label(self) -> str:
        return _("Cả nước") if self.unit is None else self.unit.full_name

    @property
    def is_legacy(self) -> bool:
        return self.unit is not None and self.unit.edition == Edition.LEGACY

    def successor_commune_ids(self):
        """Current communes formed (wholly or partly) from this legacy unit's communes."""
        return successor_commune_ids(self.unit)

    def organization_q(self, prefix: str = "") -> Q:
        """A Q over organizations (fields prefixed by `prefix`, e.g. "organization__") in this scope."""
        if self.unit is None:
            return Q()
        if self.is_legacy:
            return Q(**{f"{prefix}commune_id__in": self.successor_commune_ids()})
        if self.level == Level.PROVINCE:
            return Q(**{f"{prefix}province_id": self.unit.pk})
        return Q(**{f"{prefix}commune_id": self.unit.pk})

    def unit_q(self, prefix: str = "") -> Q:
        """A Q over current communes (geo.AdminUnit, fields prefixed) inside this scope."""
        if self.unit is None:
            return Q()
        if self.is_legacy:
            return Q(**{f"{prefix}pk__in": self.successor_commune_ids()})
        if self.level == Level.PROVINCE:
            return Q(**{f"{prefix}province_id": self.unit.pk})
        return Q(**{f"{prefix}pk": self.unit.pk})

    @property
    def province_id(self) -> int | None:
        """The current province of a current scope (None for the country or a legacy unit)."""
        if self.unit is None or self.is_legacy:
            return None
        return self.unit.pk if self.level == Level.PROVINCE else self.unit.province_id

    @property
    def commune_id(self) -> int | None:
        return self.unit.pk if self.unit is not None and not self.is_legacy and self.level == Level.COMMUNE else None


def province_of(unit: AdminUnit) -> int | None:
    """The current province a unit lies in (a legacy unit: its successor's)."""
    if unit.edition == Edition.CURRENT:
        return unit.pk if unit.level == Level.PROVINCE else unit.province_id
    province = unit if unit.level == Level.PROVINCE else unit.province
    successor = UnitSuccession.objects.filter(old_unit=province, new_unit__level=Level.PROVINCE).values("new_unit_id").first()
    return successor["new_unit_id"] if successor else None
