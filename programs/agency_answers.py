"""The questions a task table's agency cells leave (programs.agency_resolution: "ask" for a
department whose work was divided, "unknown" for a name found nowhere, and a "… liên quan" group to
narrow to the agencies concerned) and the person's answers to them in the batch preview or on the
command line.

An answer is kept in the batch (`options["agency_choices"]`: {"<name>": id} for every row naming it,
{"<row>:<name>": id} for one row, and for a group the list of the agencies picked, {"<name>": [id,
…]}, as programs.task_table.parse_task_table takes them) and the batch is staged again with it
(imports.services.batch_restage, the way a confirmed column mapping is); the program's next import
reuses them (programs.import_batches). Answering by creating the agency goes through
programs.services.create_agency_from_import.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.text import compact_key, nfc
from imports import services as import_services
from imports.models import BatchStatus, ImportBatch
from imports.permissions import can_manage_batch
from programs import services
from programs.agency_resolution import ASK, GROUP, MATCHED, UNKNOWN, Candidate, Resolution
from programs.models import Program

TEMPLATE = "programs/_import_agencies.html"


@dataclass
class Question:
    """One agency name the person must answer, with the rows of the table that name it."""

    text: str
    status: str  # ASK | UNKNOWN | GROUP (a "liên quan" group to narrow)
    message: str
    candidates: list[dict]  # ask: {"name", "id" (None: not in the catalogue), "functions"}; group: its members {"name", "id"}
    kind: str  # unknown: the guessed kind of a new agency
    name: str  # the name to create it under (the successor's current name, or the text)
    rows: list[int] = field(default_factory=list)
    choices: list[Agency] = field(default_factory=list)  # the agencies to pick, its candidates first (group: its members)
    others: list[Agency] = field(default_factory=list)  # group: the province's other agencies, to pick too


def _resolution(data: dict) -> Resolution:
    candidates = [Candidate(**candidate) for candidate in data.get("candidates") or []]
    return Resolution(**{**data, "candidates": candidates})


def _cells(data: dict) -> list[tuple[str, dict]]:
    """(role, resolution) of a staged task row's agency cells."""
    lead = [("lead", data["lead_resolution"])] if data.get("lead_resolution") else []
    return lead + [("coordinating", r) for r in data.get("coordinating_resolutions") or []]


def _task_rows(batch: ImportBatch) -> list:
    return [row for row in batch.rows.exclude(row_number=0).order_by("row_number") if row.data.get("kind") == "task"]


def _name_to_create(data: dict) -> str:
    """The name a new agency is offered under: the current name of a successor, a divided
    department's first part not yet in the catalogue (never the old department's own name), else the text."""
    missing = [c["name"] for c in data.get("candidates") or [] if not c.get("id")]
    return data.get("suggested_name") or (missing[0] if missing else data["text"])


def questions(batch: ImportBatch) -> list[Question]:
    """The names still to answer, once each (the same name in several rows is one question)."""
    return [question for question in _all_questions(batch) if question.status != GROUP]


def group_questions(batch: ImportBatch) -> list[Question]:
    """The "… liên quan" groups the person has not narrowed yet, once each, with their members."""
    return [question for question in _all_questions(batch) if question.status == GROUP]


def _open(data: dict) -> bool:
    """Whether an agency cell still waits for the person."""
    return data["status"] in (ASK, UNKNOWN) or (data["status"] == GROUP and data.get("related") and not data.get("narrowed"))


def _all_questions(batch: ImportBatch) -> list[Question]:
    found: dict[str, Question] = {}
    for row in _task_rows(batch):
        for _role, data in _cells(row.data):
            if not _open(data):
                continue
            question = found.get(compact_key(data["text"]))
            if question is None:
                question = found[compact_key(data["text"])] = _question(data)
            if row.row_number not in question.rows:
                question.rows.append(row.row_number)
    return list(found.values())


def _question(data: dict) -> Question:
    if data["status"] == GROUP:
        members = [{"name": name, "id": pk} for pk, name in zip(data["agency_ids"], data["agency_names"], strict=True)]
        message = _(
            "“%(text)s” chỉ là những cơ quan có liên quan đến nhiệm vụ: hãy chọn các cơ quan hiện nay đó (chọn được nhiều). "
            "Nhóm “%(group)s” của tỉnh có %(count)s cơ quan."
        ) % {"text": data["text"], "group": data["group"], "count": len(members)}
        return Question(data["text"], GROUP, message, members, "", data["text"])
    return Question(
        text=data["text"],
        status=data["status"],
        message=_resolution(data).message,
        candidates=data.get("candidates") or [],
        kind=data.get("kind") or Agency.Kind.DEPARTMENT,
        name=_name_to_create(data),
    )


def _outcome(role: str, data: dict) -> dict:
    """How the preview shows one agency of a row."""
    status = data["status"]
    if status == MATCHED:
        label = data["agency_names"][0]
    elif status == GROUP and data.get("narrowed"):
        label = "; ".join(data["agency_names"])
    elif status == GROUP and data.get("related"):
        label = _("cần chọn các cơ quan liên quan")
    elif status == GROUP:
        label = _("nhóm “%(group)s” (%(count)s cơ quan)") % {"group": data["group"], "count": len(data["agency_ids"])}
    elif status == ASK:
        label = _("cần chọn: %(names)s") % {"names": "; ".join(c["name"] for c in data["candidates"])}
    else:
        label = _("không tìm thấy")
    return {"role": role, "text": data["text"], "status": status, "label": label, "note": data.get("note", "")}


def row_outcomes(batch: ImportBatch) -> list[tuple]:
    """(row, its agencies' outcomes) for every task row of the table, rejected ones too."""
    return [(row, [_outcome(role, data) for role, data in _cells(row.data)]) for row in _task_rows(batch)]


def province_of(batch: ImportBatch):
    """The province whose catalogue answers the batch's questions: the program's, or (a program
    the commit is to create) the author's."""
    program = Program.objects.filter(pk=batch.options.get("program_id")).select_related("province").first()
    return (program.province if program else None) or getattr(batch.created_by, "province", None)


def agencies_of(province):
    """The current agencies one may pick: the province's and those of no province."""
    today = timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    return Agency.objects.filter(current).filter(Q(province=province) | Q(province__isnull=True)).order_by("name")


def preview(batch: ImportBatch, user) -> dict:
    """imports.foreign.ForeignKind.preview: headings, each row's agencies, the questions and the
    agencies to answer them with (each question's candidates first)."""
    asked = _all_questions(batch)
    agencies = list(agencies_of(province_of(batch))) if asked else []
    for question in asked:
        first = {c["id"] for c in question.candidates if c.get("id")}
        question.choices = [a for a in agencies if a.pk in first]
        if question.status == GROUP:
            question.others = [a for a in agencies if a.pk not in first]
        else:
            question.choices += [a for a in agencies if a.pk not in first]
    sheets = batch.sheets or [{}]
    return {
        "template": TEMPLATE,
        "headings": sheets[0].get("headings") or [],
        "questions": [question for question in asked if question.status != GROUP],
        "groups": [question for question in asked if question.status == GROUP],
        "rows": row_outcomes(batch),
        "kinds": Agency.Kind.choices,
        "can_answer": batch.status == BatchStatus.READY and can_manage_batch(user, batch),
    }


def question_lines(batch: ImportBatch) -> list[str]:
    """imports.foreign.ForeignKind.questions: the questions as `import_workbook` prints them."""
    lines = []
    for question in _all_questions(batch):
        if question.status == GROUP:
            options = "; ".join(f"{c['name']} = {c['id']}" for c in question.candidates)
            answer = _('--agency "%(text)s=<mã cơ quan>,<mã cơ quan>,…"') % {"text": question.text}
        else:
            options = "; ".join(
                f"{c['name']} = {c['id']}" if c.get("id") else _("%(name)s (chưa có trong danh mục)") % {"name": c["name"]}
                for c in question.candidates
            )
            answer = _('--agency "%(text)s=<mã cơ quan>"') % {"text": question.text}
        lines.append(
            _("“%(text)s” (dòng %(rows)s): %(message)s %(options)s Trả lời: %(answer)s.")
            % {
                "text": question.text,
                "rows": ", ".join(str(r) for r in question.rows),
                "message": question.message,
                "options": f"[{options}]" if options else "",
                "answer": answer,
            }
        )
    return lines


def _check_question(batch: ImportBatch, text: str, row: int | None, *, group: bool = False) -> str:
    """The question's text as the table writes it; refused when the batch does not ask it (about
    an agency, or with `group` about a "liên quan" group to narrow)."""
    asked = group_questions(batch) if group else questions(batch)
    question = next((q for q in asked if compact_key(q.text) == compact_key(text)), None)
    if question is None:
        raise ValidationError(_("Lô này không hỏi về cơ quan “%(text)s”.") % {"text": text})
    if row is not None and row not in question.rows:
        raise ValidationError(
            _("Dòng %(row)s không ghi cơ quan “%(text)s” (ghi ở dòng %(rows)s).")
            % {"row": row, "text": question.text, "rows": ", ".join(str(r) for r in question.rows)}
        )
    return question.text


def _agency(*, actor, batch: ImportBatch, agency_id: int | None, name: str, kind: str) -> Agency:
    province = province_of(batch)
    if agency_id is None:
        reason = _("Thêm khi nhập bảng nhiệm vụ, lô #%(id)s") % {"id": batch.pk}
        return services.create_agency_from_import(actor=actor, province=province, name=name, kind=kind, reason=reason)
    agency = agencies_of(province).filter(pk=agency_id).first()
    if agency is None:
        raise ValidationError(_("Cơ quan đã chọn không có trong danh mục cơ quan hiện nay của tỉnh."))
    return agency


def answer_agency(
    *, actor, batch: ImportBatch, text: str, row: int | None = None, agency_id: int | None = None, name: str = "", kind: str = ""
) -> tuple[ImportBatch, Agency]:
    """The agency `text` names (for `row` only, or every row naming it): an existing one
    (`agency_id`) or one created now (`name`, `kind`). Kept in the batch, which is staged again.
    Only those who manage the batch, before its commit; nothing changes when refused."""
    with _answering(actor, batch) as locked:
        text = _check_question(locked, nfc(text).strip(), row)
        agency = _agency(actor=actor, batch=locked, agency_id=agency_id, name=name, kind=kind)
        batch = _restaged(actor, locked, text, row, agency.pk)
    return batch, agency


def narrow_group(
    *, actor, batch: ImportBatch, text: str, agency_ids: list[int], row: int | None = None
) -> tuple[ImportBatch, list[Agency]]:
    """The current agencies a "… liên quan" group `text` stands for (for `row` only, or every row
    naming it): those the person picked, at least one, each of the province's catalogue. Kept in
    the batch as an answer like `answer_agency`'s (a list of ids), and the batch staged again.
    Only those who manage the batch, before its commit; nothing changes when refused."""
    with _answering(actor, batch) as locked:
        text = _check_question(locked, nfc(text).strip(), row, group=True)
        agencies = list(agencies_of(province_of(locked)).filter(pk__in=agency_ids))
        if not agency_ids or len(agencies) != len(set(agency_ids)):
            raise ValidationError(_("Hãy chọn ít nhất một cơ quan, trong danh mục cơ quan hiện nay của tỉnh."))
        batch = _restaged(actor, locked, text, row, sorted(agency.pk for agency in agencies))
    return batch, agencies


@contextmanager
def _answering(actor, batch: ImportBatch):
    """The batch locked for an answer, in a transaction: refused to those who may not manage it
    and once it is no longer waiting for the commit."""
    if not can_manage_batch(actor, batch):
        raise PermissionDenied(_("Bạn không có quyền với lô nhập này."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.READY:
            raise import_services.ImportRefused(_("Chỉ trả lời được câu hỏi của lô trước khi ghi."))
        yield locked


def _restaged(actor, locked: ImportBatch, text: str, row: int | None, answer) -> ImportBatch:
    """`answer` (an agency id, or a group's list of them) kept for `text` (in `row` only, when
    given) with the batch's other answers, and the batch staged again with them."""
    key = f"{row}:{text}" if row is not None else text
    choices = {**locked.options.get("agency_choices", {}), key: answer}
    return import_services.batch_restage(actor=actor, batch=locked, options={"agency_choices": choices})
