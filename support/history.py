"""History of a record for the page: who changed what, when, old → new (django-simple-history)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    changes: list[Change]


ACTIONS = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xóa")}


def _display(record, name: str, value) -> str:
    field = record._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.is_relation and value is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    return "" if value is None else str(value)


def history_of(instance, *, limit: int = 30) -> list[HistoryEntry]:
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    hidden = {"version", "updated_at", "created_at", "search_text", "loaded_hash"}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                label = str(record._meta.get_field(change.field).verbose_name)
                changes.append(
                    Change(label, _display(record, change.field, change.old), _display(record, change.field, change.new))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else _("hệ thống"),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
    return entries
