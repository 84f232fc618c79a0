"""Administrative units named the way people write them, resolved to current units.

`geo.selectors.unit_resolve` (owned by geo) is the one resolver of the project; this module only
adapts its answer to what the import needs (one unit, or an error listing the candidates) and
caches it for the length of an import, since a workbook repeats the same communes thousands of times.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.text import search_key
from geo.models import AdminUnit, Edition, Level
from geo.selectors import unit_resolve


@dataclass
class Resolved:
    unit: AdminUnit | None
    candidates: list[AdminUnit]
    legacy: AdminUnit | None = None  # the pre-2025 unit the text named, when it was an old name
    problem: str = ""


class UnitError(ValueError):
    pass


def resolve(text, *, level, province=None, on=None, parent_text=None) -> Resolved:
    match = unit_resolve(text, level=level, province=province, on=on, parent_text=parent_text)
    return Resolved(match.unit, list(match.candidates), match.legacy_unit, match.problem)


class UnitResolver:
    """Resolves communes and provinces of one import, with a cache and Vietnamese errors."""

    def __init__(self, *, on: dt.date | None = None):
        self.on = on or dt.date.today()
        self._cache: dict = {}
        self._legacy: dict = {}  # current unit pk → the old unit the last text named, when it was an old name
        self.default_province = AdminUnit.objects.filter(
            edition=Edition.CURRENT, level=Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE
        ).first()

    def province(self, text: str) -> AdminUnit | None:
        if not text:
            return None
        return self._one(text, Level.PROVINCE, None, None, _("tỉnh, thành phố"))

    def commune(self, text: str, *, province: AdminUnit | None = None, parent_text: str = "") -> AdminUnit:
        # Without a province, the installation's own province is tried first, then all others.
        scope = province or self.default_province
        result = self._lookup(text, Level.COMMUNE, scope, parent_text)
        if result.unit is None and not result.candidates and province is None and scope is not None:
            result = self._lookup(text, Level.COMMUNE, None, parent_text)
        unit = self._unit_or_error(text, result, _("xã, phường"))
        self._legacy[unit.pk] = result.legacy
        return unit

    def legacy_for(self, unit: AdminUnit) -> AdminUnit | None:
        """The pre-2025 commune named by the text just resolved to `unit`, if it was an old name."""
        return self._legacy.get(unit.pk)

    def _one(self, text, level, scope, parent_text, label) -> AdminUnit:
        return self._unit_or_error(text, self._lookup(text, level, scope, parent_text), label)

    def _lookup(self, text, level, scope, parent_text) -> Resolved:
        key = (search_key(text), level, scope.pk if scope else None, search_key(parent_text or ""))
        if key not in self._cache:
            self._cache[key] = resolve(text, level=level, province=scope, on=self.on, parent_text=parent_text or None)
        return self._cache[key]

    @staticmethod
    def _unit_or_error(text, result: Resolved, label) -> AdminUnit:
        if result.unit is not None:
            return result.unit
        if result.candidates:
            names = "; ".join(unit.label_with_parent for unit in result.candidates[:8])
            raise UnitError(
                _("Tên %(label)s “%(text)s” không rõ ràng, có thể là: %(names)s. Hãy ghi rõ hơn (kèm huyện cũ hoặc tỉnh).")
                % {"label": label, "text": text, "names": names}
            )
        raise UnitError(_("Không tìm thấy %(label)s “%(text)s”.") % {"label": label, "text": text})
