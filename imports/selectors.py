"""Reads of import batches, scoped to the user (imports.permissions.batch_scope)."""

from django.db.models import QuerySet

from imports.kinds import UPLOAD_KINDS
from imports.models import ImportBatch, ImportRow, RowAction
from imports.permissions import batch_scope, can_view_batch
from imports.services import FIELD_GUESS, NEW_ORGANIZATION, NEW_ORGANIZATION_KEY
from imports.specs import kind_spec


def batches_visible_to(user) -> QuerySet[ImportBatch]:
    scope = batch_scope(user)
    if scope is None:
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("created_by").filter(scope)


def batch_get(*, user, pk: int) -> ImportBatch:
    """The batch if the user may see it, else ImportBatch.DoesNotExist (→ 404). Besides their own
    (the list), people see a batch of another app's kind whose records they may manage."""
    try:
        return batches_visible_to(user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        batch = ImportBatch.objects.select_related("created_by").exclude(kind__in=UPLOAD_KINDS).filter(pk=pk).first()
        if batch is None or not can_view_batch(user, batch):
            raise
        return batch


def batch_rows(*, batch: ImportBatch, actions=None) -> QuerySet[ImportRow]:
    rows = batch.rows.all()
    return rows.filter(action__in=actions) if actions else rows


def rejected_rows(*, batch: ImportBatch) -> QuerySet[ImportRow]:
    return batch.rows.filter(action__in=[RowAction.REJECT, RowAction.REVIEW]).exclude(decision="create")


def column_mappings(*, batch: ImportBatch) -> list[dict]:
    """Per sheet of the batch, how each column was read, for the mapping table of the preview:
    its header text, the field (or none), how sure the match was, a few sample values. Every kind
    whose stage keeps its sheets' layouts (the registry's, support's) gets it alike."""
    spec = kind_spec(batch.kind)
    if spec is None:
        return []
    sheets = []
    for layout in batch.sheets:
        texts = layout.get("texts")
        if not texts:
            continue  # staged before the mapping was kept
        columns, confidence, samples = layout.get("columns", {}), layout.get("confidence", {}), layout.get("samples", {})
        sheets.append(
            {
                "name": layout["name"],
                "header_row": layout.get("header_row"),
                "remembered": layout.get("remembered", False),
                "context": layout.get("context", {}),
                "columns": [
                    {
                        "index": index,
                        "text": text,
                        "key": columns.get(str(index), ""),
                        "confidence": None if str(index) not in columns else confidence.get(str(index), 1.0),
                        "samples": samples.get(str(index), []),
                    }
                    for index, text in enumerate(texts)
                    if text
                ],
            }
        )
    return sheets


def mapping_fields(kind: str) -> list[tuple[str, str]]:
    """The fields a column of this kind may be read as: (key, Vietnamese header)."""
    spec = kind_spec(kind)
    return [(column.key, column.label) for column in spec.columns] if spec else []


def with_organization_names(rows) -> list[ImportRow]:
    """`rows` as a list, each with `organization_name`: the name the row gives (an organization
    row) or that of the organization it was matched to (report and member rows), so a preview
    says whose row it is. One query for the matched organizations."""
    from registry.models import Organization  # imports → registry: a known arrow (core/tests/test_architecture.py)

    rows = list(rows)
    ids = {row.data.get("organization_id") for row in rows} - {None}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    for row in rows:
        data = row.data or {}
        row.organization_name = data.get("name") or names.get(data.get("organization_id")) or data.get("organization_name") or ""
    return rows


#: New organizations listed in the preview (a district summary names a few dozen).
NEW_ORGANIZATIONS_SHOWN = 200


def organizations_to_create(*, batch: ImportBatch) -> list[dict]:
    """The organizations a report batch creates with their reports (the person confirmed “tạo mới
    N tổ chức”), once each in the order of the file: what they will be created as, and how their
    field of activity was set (`guess`: imports.staging.GUESSED_FROM_NAME, GUESSED_DEFAULT, or ""
    when the person chose it), so the preview can flag a guessed one for checking."""
    # imports → registry, geo: known arrows (core/tests/test_architecture.py)
    from geo.models import AdminUnit
    from registry.models import Field, OrganizationKind

    rows = batch.rows.filter(action=RowAction.CREATE, data__has_key=NEW_ORGANIZATION_KEY).order_by("pk")
    found: dict[str, dict] = {}
    for row in rows.only("sheet", "row_number", "data").iterator():
        key = row.data[NEW_ORGANIZATION_KEY]
        if key in found:
            continue
        if len(found) == NEW_ORGANIZATIONS_SHOWN:
            break
        organization = row.data[NEW_ORGANIZATION]
        found[key] = {
            "key": key,
            "sheet": row.sheet,
            "row_number": row.row_number,
            "name": organization["name"],
            "registration_code": organization["registration_code"],
            "commune_id": organization["commune_id"],
            "kind": OrganizationKind(organization["kind"]).label,
            "field": organization["field"],
            "field_label": Field(organization["field"]).label,
            "guess": row.data.get(FIELD_GUESS, ""),
        }
    communes = AdminUnit.objects.in_bulk({entry["commune_id"] for entry in found.values()})
    for entry in found.values():
        commune = communes.get(entry["commune_id"])
        entry["commune"] = commune.full_name if commune else ""
    return list(found.values())
