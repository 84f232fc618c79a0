"""Rule sets as versioned data: size classification, evaluation criteria and deadlines.

Every rule that comes from law lives in a YAML file under `evaluation/rules/` (and any folder listed
in the setting EVALUATION_RULE_DIRS): its legal source, effective dates and, per entry, a verification
status. A successor circular is one more file; the code picks the set in force for a year by its dates.
A corrected reading of the same text is also one more file, with its own code, `version` and
`supersedes: <old code>`: new work uses the correction, while stored assessments and results keep the
code of the set they were computed with, and that set stays loadable so they still read as they were.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

RULES_DIR = Path(__file__).parent / "rules"

VERIFIED, SECONDARY, PROVISIONAL = "verified", "secondary", "provisional"
VERIFICATION_LABELS = {
    VERIFIED: "đã đối chiếu văn bản",
    SECONDARY: "theo tài liệu tham chiếu",
    PROVISIONAL: "tạm tính",
}


class RuleSetError(ValueError):
    """A rules file that cannot be used (bad structure); names the file and the entry."""


@dataclass(frozen=True)
class Source:
    document: str
    articles: str = ""
    issued_on: dt.date | None = None
    url: str = ""


@dataclass(frozen=True)
class Threshold:
    """One class of one axis for one field: every given bound must hold, revenue/capital either one."""

    size_class: str
    members: int | None = None  # official members ≥
    members_over: int | None = None  # official members >
    revenue: int | None = None
    capital: int | None = None
    verification: str = VERIFIED

    @property
    def provisional(self) -> bool:
        return self.verification == PROVISIONAL


@dataclass(frozen=True)
class Axis:
    code: str
    label: str
    headline: bool
    thresholds: dict[str, tuple[Threshold, ...]]  # field code or "*" → classes largest first

    def rows_for(self, field_code: str) -> tuple[Threshold, ...]:
        return self.thresholds.get(field_code) or self.thresholds.get("*", ())


@dataclass(frozen=True)
class RuleSetBase:
    code: str
    kind: str
    title: str
    source: Source
    effective_from: dt.date
    effective_to: dt.date | None
    path: str
    version: int = 1
    supersedes: str = ""  # code of an earlier version of the same rules that this one corrects
    recorded_on: dt.date | None = None  # when this version was recorded (a correction's date)
    change_note: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class SizeRuleSet(RuleSetBase):
    applies_to_kinds: tuple[str, ...] = ()
    default_class: str = "sieu_nho"
    class_labels: dict[str, str] = field(default_factory=dict)
    axes: tuple[Axis, ...] = ()

    @cached_property
    def headline(self) -> Axis:
        return next((axis for axis in self.axes if axis.headline), self.axes[0])

    @property
    def has_provisional(self) -> bool:
        return any(t.provisional for axis in self.axes for rows in axis.thresholds.values() for t in rows)


@dataclass(frozen=True)
class Prefill:
    kind: str  # growth | positive
    metric: str  # an AnnualReport field
    verification: str = VERIFIED


@dataclass(frozen=True)
class Item:
    """A scored line: a criterion's sub-item, or the criterion itself when it has none."""

    code: str
    title: str
    max: Decimal
    criterion: str
    group: str
    prefill: Prefill | None = None
    verification: str = VERIFIED


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    max: Decimal
    group: str
    items: tuple[Item, ...]
    verification: str = VERIFIED


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    max: Decimal
    criteria: tuple[Criterion, ...]
    verification: str = VERIFIED


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min: Decimal
    verification: str = VERIFIED


@dataclass(frozen=True)
class NotRatedRule:
    min_operating_months: int
    max_stopped_months: int
    stopped_statuses: tuple[str, ...]
    verification: str = VERIFIED


@dataclass(frozen=True)
class CriteriaSet(RuleSetBase):
    applies_to_kinds: tuple[str, ...] = ()
    excluded: dict[str, str] = field(default_factory=dict)
    bands: tuple[Band, ...] = ()
    not_rated: NotRatedRule | None = None
    groups: tuple[Group, ...] = ()

    @cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for c in self.criteria for i in c.items)

    @cached_property
    def item_map(self) -> dict[str, Item]:
        return {i.code: i for i in self.items}

    @cached_property
    def max_total(self) -> Decimal:
        return sum((g.max for g in self.groups), Decimal(0))

    @cached_property
    def provisional_criteria(self) -> frozenset[str]:
        return frozenset(c.code for c in self.criteria if c.verification == PROVISIONAL)

    @cached_property
    def band_labels(self) -> dict[str, str]:
        return {b.code: b.label for b in self.bands}


@dataclass(frozen=True)
class DeadlineStep:
    code: str
    label: str
    month: int
    day: int
    legacy_code: str = ""
    verification: str = VERIFIED

    def due_on(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class DeadlineChain:
    effective_from: dt.date
    effective_to: dt.date | None
    steps: tuple[DeadlineStep, ...]


@dataclass(frozen=True)
class DeadlineSet(RuleSetBase):
    chains: tuple[DeadlineChain, ...] = ()


# --- loading ---------------------------------------------------------------------------------


def _date(value, *, path, what) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise RuleSetError(f"{path}: {what} “{value}” không phải ngày (YYYY-MM-DD).") from error


def _verification(entry: dict, default: str, *, path: str) -> str:
    value = entry.get("verification", default)
    if value not in VERIFICATION_LABELS:
        raise RuleSetError(f"{path}: trạng thái kiểm chứng “{value}” không hợp lệ.")
    return value


def _base(data: dict, path: str) -> dict:
    for key in ("code", "kind", "title", "source", "effective_from"):
        if key not in data and not (key == "effective_from" and data.get("kind") == "deadlines"):
            raise RuleSetError(f"{path}: thiếu khóa “{key}”.")
    source = data["source"]
    return {
        "code": str(data["code"]),
        "kind": data["kind"],
        "title": data["title"],
        "source": Source(
            document=source["document"],
            articles=source.get("articles", ""),
            issued_on=_date(source.get("issued_on"), path=path, what="issued_on"),
            url=source.get("url", ""),
        ),
        "effective_from": _date(data.get("effective_from", dt.date.min), path=path, what="effective_from"),
        "effective_to": _date(data.get("effective_to"), path=path, what="effective_to"),
        "path": path,
        "version": int(data.get("version", 1)),
        "supersedes": str(data.get("supersedes") or ""),
        "recorded_on": _date(data.get("recorded_on"), path=path, what="recorded_on"),
        "change_note": data.get("change_note", ""),
    }


def _size_set(data: dict, path: str) -> SizeRuleSet:
    axes = []
    for axis in data["axes"]:
        thresholds = {}
        for field_code, rows in axis["thresholds"].items():
            thresholds[str(field_code)] = tuple(
                Threshold(
                    size_class=row["class"],
                    members=row.get("members"),
                    members_over=row.get("members_over"),
                    revenue=row.get("revenue"),
                    capital=row.get("capital"),
                    verification=_verification(row, VERIFIED, path=path),
                )
                for row in rows
            )
        axes.append(Axis(axis["code"], axis["label"], bool(axis.get("headline")), thresholds))
    return SizeRuleSet(
        **_base(data, path),
        applies_to_kinds=tuple(data.get("applies_to_kinds", ())),
        default_class=data["default_class"],
        class_labels={c["code"]: c["label"] for c in data["classes"]},
        axes=tuple(axes),
    )


def _criteria_set(data: dict, path: str) -> CriteriaSet:
    groups = []
    for group in data["groups"]:
        group_verification = _verification(group, VERIFIED, path=path)
        criteria = []
        for criterion in group["criteria"]:
            verification = _verification(criterion, group_verification, path=path)
            raw_items = criterion.get("items") or [
                {"code": criterion["code"], "title": criterion["title"], "max": criterion["max"]}
            ]
            items = []
            for item in raw_items:
                prefill = item.get("prefill")
                items.append(
                    Item(
                        code=str(item["code"]),
                        title=item["title"],
                        max=Decimal(str(item["max"])),
                        criterion=str(criterion["code"]),
                        group=str(group["code"]),
                        prefill=Prefill(prefill["kind"], prefill["metric"], _verification(prefill, VERIFIED, path=path))
                        if prefill
                        else None,
                        verification=_verification(item, verification, path=path),
                    )
                )
            crit = Criterion(
                str(criterion["code"]),
                criterion["title"],
                Decimal(str(criterion["max"])),
                str(group["code"]),
                tuple(items),
                verification,
            )
            if sum(i.max for i in crit.items) != crit.max:
                raise RuleSetError(f"{path}: tổng điểm các ý của tiêu chí {crit.code} khác điểm tối đa {crit.max}.")
            criteria.append(crit)
        grp = Group(str(group["code"]), group["title"], Decimal(str(group["max"])), tuple(criteria), group_verification)
        if sum(c.max for c in grp.criteria) != grp.max:
            raise RuleSetError(f"{path}: tổng điểm các tiêu chí của nhóm {grp.code} khác điểm tối đa {grp.max}.")
        groups.append(grp)
    not_rated = data.get("not_rated")
    return CriteriaSet(
        **_base(data, path),
        applies_to_kinds=tuple(data.get("applies_to_kinds", ())),
        excluded=dict(data.get("excluded") or {}),
        bands=tuple(
            sorted(
                (
                    Band(b["code"], b["label"], Decimal(str(b["min"])), _verification(b, VERIFIED, path=path))
                    for b in data["bands"]
                ),
                key=lambda b: b.min,
                reverse=True,
            )
        ),
        not_rated=NotRatedRule(
            not_rated["min_operating_months"],
            not_rated["max_stopped_months"],
            tuple(not_rated.get("stopped_statuses", ())),
            _verification(not_rated, VERIFIED, path=path),
        )
        if not_rated
        else None,
        groups=tuple(groups),
    )


def _deadline_set(data: dict, path: str) -> DeadlineSet:
    chains = tuple(
        DeadlineChain(
            _date(chain["effective_from"], path=path, what="effective_from"),
            _date(chain.get("effective_to"), path=path, what="effective_to"),
            tuple(
                DeadlineStep(
                    s["code"],
                    s["label"],
                    int(s["month"]),
                    int(s["day"]),
                    s.get("legacy_code", ""),
                    _verification(s, VERIFIED, path=path),
                )
                for s in chain["steps"]
            ),
        )
        for chain in data["chains"]
    )
    return DeadlineSet(**_base(data, path), chains=chains)


BUILDERS = {"size": _size_set, "criteria": _criteria_set, "deadlines": _deadline_set}


def rule_dirs() -> tuple[Path, ...]:
    extra = tuple(Path(p) for p in getattr(settings, "EVALUATION_RULE_DIRS", ()))
    return (RULES_DIR, *extra)


@cache
def _load(dirs: tuple[Path, ...]) -> tuple[RuleSetBase, ...]:
    sets: dict[str, RuleSetBase] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            try:
                rule_set = BUILDERS[data["kind"]](data, path.name)
            except (KeyError, TypeError) as error:
                raise RuleSetError(f"{path.name}: cấu trúc không hợp lệ ({error}).") from error
            if rule_set.code in sets:
                raise RuleSetError(f"{path.name}: mã bộ quy tắc “{rule_set.code}” bị trùng.")
            sets[rule_set.code] = rule_set
    for rule_set in sets.values():
        old = sets.get(rule_set.supersedes) if rule_set.supersedes else None
        if rule_set.supersedes and (old is None or old.kind != rule_set.kind):
            raise RuleSetError(f"{rule_set.path}: không có bộ “{rule_set.supersedes}” cùng loại để thay thế.")
    return tuple(sets.values())


def superseded_by(code: str) -> RuleSetBase | None:
    """The loaded set that corrects the set `code`, if any (the set itself stays loadable)."""
    return next((s for s in all_rule_sets() if s.supersedes == code), None)


def all_rule_sets(kind: str | None = None) -> tuple[RuleSetBase, ...]:
    sets = _load(rule_dirs())
    return tuple(s for s in sets if kind is None or s.kind == kind)


class RuleSetNotFound(LookupError):
    """No rule set (or deadline chain) applies to what was asked.

    Data the system accepts can ask for it (an annual report of 2019, before TT 01/2020 took effect),
    so callers show it as such (`no_rules_for_year`) rather than let it reach a page as a 500.
    """


def no_rules_for_year(year: int) -> str:
    """What a person sees where a year has no rule set in force."""
    return _("chưa có quy định áp dụng cho năm %(year)s") % {"year": year}


def rule_set(code: str) -> RuleSetBase:
    for candidate in all_rule_sets():
        if candidate.code == code:
            return candidate
    raise RuleSetNotFound(_("Không có bộ quy tắc “%(code)s”.") % {"code": code})


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _in_force(kind: str, day: dt.date):
    replaced = {s.supersedes for s in all_rule_sets(kind) if s.supersedes}
    candidates = [s for s in all_rule_sets(kind) if s.in_force_on(day) and s.code not in replaced]
    if not candidates:
        raise RuleSetNotFound(
            _("Không có bộ quy tắc loại “%(kind)s” có hiệu lực ngày %(day)s.") % {"kind": kind, "day": f"{day:%d/%m/%Y}"}
        )
    # A successor takes over from the day it starts: the most recent start wins.
    return max(candidates, key=lambda s: s.effective_from)


def size_rules_for_year(year: int) -> SizeRuleSet:
    """The size rules in force at the end of `year` (figures are year-end figures)."""
    return _in_force("size", year_end(year))


def criteria_for_year(year: int) -> CriteriaSet:
    return _in_force("criteria", year_end(year))


def corrects(newer: RuleSetBase, code: str) -> bool:
    """Whether `newer` is the set `code` or a later version of it (following `supersedes`)."""
    seen = set()
    current = newer
    while current is not None and current.code not in seen:
        if current.code == code:
            return True
        seen.add(current.code)
        current = next((s for s in all_rule_sets(current.kind) if s.code == current.supersedes), None)
    return False


def rating_set(code: str, year: int, scores: dict) -> CriteriaSet:
    """The set that rates a sheet scored under `code` for `year` when a year is (re-)rated.

    A later version of the same rules (a correction) rates it when the sheet's items all exist in it
    within their maxima, so a re-rating uses the corrected set; a different successor, or a sheet
    that does not fit the correction, is rated with the set it was scored under.
    """
    current = criteria_for_year(year)
    if current.code != code and corrects(current, code):
        items = current.item_map
        fits = all(key in items and Decimal(str(value or 0)) <= items[key].max for key, value in (scores or {}).items())
        if fits:
            return current
    return current if current.code == code else rule_set(code)


def deadlines_for_year(year: int) -> DeadlineChain:
    deadline_set = _in_force("deadlines", year_end(year))
    day = dt.date(year, 12, 15)
    for chain in deadline_set.chains:
        if chain.effective_from <= day and (chain.effective_to is None or day <= chain.effective_to):
            return chain
    raise RuleSetNotFound(_("Không có thời hạn đánh giá cho năm %(year)s.") % {"year": year})
