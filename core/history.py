"""Readable change history from django-simple-history records: who, when, field, old → new.

Any app can show the history of its records with
`history_entries(Model.history.filter(...))` and the partial `core/history_table.html`
(`{% include "core/history_table.html" with entries=entries %}`).

Records are read in one query per history table; consecutive versions of the same object are
compared in Python (no `prev_record` query per row), and foreign keys are shown by name with one
query per related model.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import numbers

#: Bookkeeping columns that are never shown as changes.
IGNORED_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "search_text", "name_key"})

ACTION_LABELS = {
    "+": gettext_lazy("Tạo mới"),
    "~": gettext_lazy("Sửa"),
    "-": gettext_lazy("Xóa"),
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str  # "+", "~" or "-"
    model_label: str
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


def _tracked_fields(model, history_model=None) -> list[models.Field]:
    """The original model's concrete fields that the history table also stores (models may
    exclude some from their history: `HistoricalRecords(excluded_fields=...)`)."""
    stored = {f.name for f in history_model._meta.concrete_fields} if history_model is not None else None
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in IGNORED_FIELDS and not f.name.startswith("history_") and (stored is None or f.name in stored)
    ]


def _display(f: models.Field, value, fk_names: dict) -> str:
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation:
        return fk_names.get((f.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dt.datetime):
        return numbers.format_datetime(value)
    if isinstance(value, dt.date):
        return numbers.format_date(value)
    if isinstance(value, int):
        return numbers.format_number(value)
    return str(value)


def _value(record, f: models.Field):
    return getattr(record, f.attname)


def history_entries(*histories: Iterable, limit: int | None = None, labels: dict | None = None) -> list[HistoryEntry]:
    """Entries for the given historical querysets (of one or several models), newest first.

    `labels` maps an original model to a function(historical record) -> str naming the object
    (default: str() of the historical instance; give a label when __str__ would query).

    Each queryset should hold every version of the objects it covers (e.g.
    `Member.history.filter(organization_id=...)`) so that each change is compared with the
    version before it; the first version of an object is shown as "created".
    """
    diffs = [(record, original, _changes(record, previous, fields)) for record, previous, fields, original in _paired(histories)]
    fk_names = _related_names(diffs)
    entries = [
        _entry(record, original, changed, fk_names, labels)
        for record, original, changed in diffs
        # A save that changed nothing visible is left out (a reason still says what happened).
        if changed or record.history_type != "~" or record.history_change_reason
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit] if limit else entries


def _paired(histories) -> list[tuple]:
    """(record, the object's previous record or None, tracked fields, original model), oldest first."""
    pending = []
    for history in histories:
        history = history.select_related("history_user").order_by("history_date", "history_id")
        original = history.model.instance_type
        fields = _tracked_fields(original, history.model)
        last_by_object: dict = {}
        for record in history:
            pending.append((record, last_by_object.get(record.id), fields, original))
            last_by_object[record.id] = record
    return pending


def _changes(record, previous, fields) -> list[tuple]:
    """(field, old, new) of what the record changed; a creation lists the values filled in, a
    deletion nothing."""
    if record.history_type == "-":
        return []
    changed = []
    for f in fields:
        new = _value(record, f)
        old = _value(previous, f) if previous is not None else None
        if previous is None:
            if record.history_type == "+" and new in (None, "", False, 0):
                continue
        elif old == new:
            continue
        changed.append((f, old, new))
    return changed


def _related_names(diffs) -> dict:
    """{(related model, pk): str(object)} for the foreign keys the changes name: one query per model."""
    wanted: dict = defaultdict(set)
    for _record, _original, changed in diffs:
        for f, old, new in changed:
            if f.is_relation:
                wanted[f.related_model].update(value for value in (old, new) if value is not None)
    return {
        (related, pk): str(obj)
        for related, pks in wanted.items()
        for pk, obj in related._default_manager.in_bulk(list(pks)).items()
    }


def _entry(record, original, changed, fk_names, labels) -> HistoryEntry:
    user = record.history_user
    return HistoryEntry(
        when=record.history_date,
        who=str(user) if user is not None else _("Hệ thống"),
        action=record.history_type,
        model_label=str(original._meta.verbose_name).capitalize(),
        object_label=_object_label(record, original, labels),
        changes=[
            FieldChange(f.name, str(f.verbose_name).capitalize(), _display(f, old, fk_names), _display(f, new, fk_names))
            for f, old, new in changed
        ],
        reason=record.history_change_reason or "",
    )


def _object_label(record, original, labels) -> str:
    if labels and original in labels:
        return labels[original](record)
    try:
        return str(record.instance)
    except Exception:  # noqa: BLE001 - a label must never break the history page
        return f"{original._meta.verbose_name} #{record.id}"
