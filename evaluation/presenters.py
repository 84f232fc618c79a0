"""Shapes of data for templates and documents (no queries beyond the history of one sheet and the
names of the organizations a rating run changed)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.numbers import NumberError, format_datetime, parse_number
from evaluation.models import Assessment, AssessmentStatus
from evaluation.rating import OUTCOME_LABELS, RATING_LABELS, explain_prefill
from evaluation.rulesets import PROVISIONAL, CriteriaSet, size_rules_for_year
from evaluation.templatetags.evaluation_tags import points
from registry.models import Organization


@dataclass
class SheetItem:
    code: str
    title: str
    max: Decimal
    value: str
    prefill: dict | None
    reason: str
    provisional: bool
    #: A posted value that was refused (not a number, negative, above the maximum): the page marks
    #: the field and opens on the first one (`focus`), not only the message at the top.
    invalid: bool = False
    focus: bool = False


def _refused(value, maximum: Decimal) -> bool:
    try:
        score = parse_number(value)
    except NumberError:
        return True
    return score is not None and not (0 <= score <= maximum)


@dataclass
class SheetCriterion:
    code: str
    title: str
    max: Decimal
    score: Decimal
    items: list[SheetItem]
    provisional: bool


@dataclass
class SheetGroup:
    code: str
    title: str
    max: Decimal
    score: Decimal
    criteria: list[SheetCriterion]
    provisional: bool


def _decimal(text) -> Decimal:
    try:
        return parse_number(text) or Decimal(0)
    except NumberError:  # a half-typed value on a refused form counts as 0 in the subtotal
        return Decimal(0)


def _in_page_language(prefill: dict | None) -> dict | None:
    """A stored suggestion's explanation said again in the page's language (sheets stored before the
    facts were kept show the sentence as it was written)."""
    if not prefill or not prefill.get("facts"):
        return prefill
    return {**prefill, "explanation": explain_prefill(prefill["facts"])}


def assessment_sheet(criteria: CriteriaSet, assessment: Assessment | None, *, posted=None) -> list[SheetGroup]:
    """The score sheet as groups → criteria → items, with the stored (or just posted) values."""
    scores = assessment.scores if assessment else {}
    prefills = assessment.prefills if assessment else {}
    reasons = assessment.override_reasons if assessment else {}
    groups, focused = [], False
    for group in criteria.groups:
        sheet_criteria = []
        for criterion in group.criteria:
            items = []
            for item in criterion.items:
                value = posted.get(f"diem_{item.code}", "") if posted is not None else scores.get(item.code, "")
                reason = posted.get(f"lydo_{item.code}", "") if posted is not None else reasons.get(item.code, "")
                items.append(
                    SheetItem(
                        item.code,
                        item.title,
                        item.max,
                        str(value),
                        _in_page_language(prefills.get(item.code)),
                        reason,
                        item.verification == PROVISIONAL,
                        invalid=posted is not None and _refused(value, item.max),
                    )
                )
                if items[-1].invalid and not focused:
                    items[-1].focus = focused = True
            score = sum((_decimal(i.value) for i in items if i.value not in ("", None)), Decimal(0))
            sheet_criteria.append(
                SheetCriterion(
                    criterion.code, criterion.title, criterion.max, score, items, criterion.verification == PROVISIONAL
                )
            )
        groups.append(
            SheetGroup(
                group.code,
                group.title,
                group.max,
                sum((c.score for c in sheet_criteria), Decimal(0)),
                sheet_criteria,
                group.verification == PROVISIONAL,
            )
        )
    return groups


def _natural(code: str) -> tuple[int, str]:
    """1a, 1b, 2a, …, 10, 11: criteria in their printed order."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


STAMPED_FIELDS = ("status", "total", "supervisor_name", "late_reason", "review_comment")


def history_rows(assessment: Assessment) -> list[dict]:
    """Who changed what and when, newest first: status and score changes as old → new."""
    records = list(assessment.history.select_related("history_user").order_by("history_date", "history_id"))
    status_labels = dict(AssessmentStatus.choices)
    rows = []
    previous = None
    for record in records:
        changes = []
        if previous is None:
            changes.append(_("Lập phiếu"))
        else:
            for name in STAMPED_FIELDS:
                old, new = getattr(previous, name), getattr(record, name)
                if old != new:
                    if name == "status":
                        old, new = status_labels.get(old, old), status_labels.get(new, new)
                    elif name == "total":
                        old, new = points(old), points(new)
                    label = capfirst(str(Assessment._meta.get_field(name).verbose_name))
                    changes.append(f"{label}: {old or '—'} → {new or '—'}")
            for code in sorted(set(previous.scores or {}) | set(record.scores or {}), key=_natural):
                old, new = (previous.scores or {}).get(code), (record.scores or {}).get(code)
                if old != new:
                    changes.append(_("ý %(code)s: %(old)s → %(new)s") % {"code": code, "old": old or "—", "new": new or "—"})
        rows.append({"when": format_datetime(record.history_date), "who": str(record.history_user or "—"), "changes": changes})
        previous = record
    return list(reversed(rows))


def summary_rows(summary) -> list[dict]:
    """Rows of the consolidation table (groups, then the total), values in column order."""
    rows = []
    for group in [*summary.groups, summary.total]:
        rows.append(
            {
                "label": group.label,
                "organizations": group.organizations,
                "rating_values": [group.ratings.get(code, 0) for code, _label in summary.band_codes],
                "good_share": group.good_share,
                "size_values": [group.sizes.get(code, 0) for code, _label in summary.size_codes],
                "expected": group.expected,
                "submitted": group.submitted,
                "on_time": group.on_time,
            }
        )
    return rows


# --- a run of the yearly classification and rating ------------------------------------------------


@dataclass
class RunChange:
    organization_id: int
    name: str
    size: tuple[str, str]  # labels, from → to
    rating: tuple[str, str]


@dataclass
class RunSummary:
    counts: dict
    ratings: list[tuple[str, int]]  # (label, count) in the bands' order
    sizes: list[tuple[str, int]]
    sheets: dict
    changes: list[RunChange]


def _rating_label(code: str) -> str:
    if code in OUTCOME_LABELS:
        return _(OUTCOME_LABELS[code])
    return str(RATING_LABELS.get(code, code or "—"))


def _size_label(labels: dict, code: str) -> str:
    # The rule file's labels are Vietnamese; each has its catalogue entry (evaluation/rule_labels.py).
    return _(labels[code]) if code in labels else _("Chưa phân loại")


def run_summary(run) -> RunSummary | None:
    """What a finished run says: counts, the distribution, the sheets as the queue counts them, and
    the organizations whose class or rating changed, with their names (None while it runs)."""
    if not run.counts:
        return None
    size_labels = size_rules_for_year(run.year).class_labels
    names = dict(Organization.objects.filter(pk__in=[c["organization"] for c in run.changes]).values_list("pk", "name"))
    changes = [
        RunChange(
            change["organization"],
            names.get(change["organization"], f"#{change['organization']}"),
            (_size_label(size_labels, change["size"][0]), _size_label(size_labels, change["size"][1])),
            (_rating_label(change["rating"][0]), _rating_label(change["rating"][1])),
        )
        for change in run.changes
    ]
    ratings = sorted(run.counts.get("ratings", {}).items(), key=lambda item: -item[1])
    sizes = sorted(run.counts.get("sizes", {}).items(), key=lambda item: -item[1])
    return RunSummary(
        counts=run.counts,
        ratings=[(_rating_label(code), n) for code, n in ratings],
        sizes=[(_size_label(size_labels, code), n) for code, n in sizes],
        sheets=run.counts.get("sheets", {}),
        changes=sorted(changes, key=lambda change: change.name),
    )
