"""The program's consolidated report built by the task worker (reports.queued) instead of inside the
request (about 20 s at province scale, longer as PDF). GET programs:consolidated stays the direct
path that answers with the bytes (scripts, tests, small programs).

The report is the same for everyone who may read the program's reports (it holds the program's
approved reports, not a jurisdiction's slice), so its `may_read` opens the status page and the file
to all of them, not only to the person who asked.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs import permissions, selectors
from programs.consolidated import ReportOptions, consolidated_docx, consolidated_pdf
from programs.models import Program
from reports import queued
from reports.models import QueuedDocument

KIND = "programs-consolidated"
BUILDERS = {"docx": consolidated_docx, "pdf": consolidated_pdf}


def consolidated_filename(program: Program, options: ReportOptions, fmt: str) -> str:
    return f"bao-cao-chuong-trinh-{program.pk}-{options.year}.{fmt}"


def _readable_program(user, pk: int) -> Program | None:
    """The program if `user` may read its reports now (through their scope, as the program's pages)."""
    program = selectors.programs_visible_to(user).filter(pk=pk).first()
    return program if program is not None and permissions.can_view_reports(user, program) else None


def consolidated_request(*, user, program: Program, options: ReportOptions, fmt: str) -> QueuedDocument:
    """Queue the build of the report for `user`, who must be able to read the program's reports."""
    if not permissions.can_view_reports(user, program):
        raise PermissionDenied
    if fmt not in BUILDERS:
        raise ValueError(fmt)
    params = {
        "program": program.pk,
        "fmt": fmt,
        "options": {
            "year": options.year,
            "number": options.number,
            "signer_title": options.signer_title,
            "signer_name": options.signer_name,
        },
    }
    return queued.document_request(user=user, kind=KIND, params=params, filename=consolidated_filename(program, options, fmt))


def consolidated_build(params: dict, user) -> bytes:
    # Rebuilt as the person who asked: one who lost the right since (moved, role taken) gets nothing.
    program = _readable_program(user, params["program"])
    if program is None:
        raise PermissionDenied(_("người yêu cầu không còn quyền xem báo cáo của chương trình này"))
    return BUILDERS[params["fmt"]](program=program, options=ReportOptions(**params["options"]), user=user)


def may_read(document: QueuedDocument, user) -> bool:
    return _readable_program(user, document.params["program"]) is not None


def _back(params: dict) -> str:
    url = reverse("programs:program_detail", args=[params["program"]])
    return f"{url}?{urlencode({'year': params['options']['year']})}"


QUEUED = queued.QueuedKind(
    key=KIND,
    label=gettext_lazy("Báo cáo tổng hợp chương trình hành động"),
    build=consolidated_build,
    back=_back,
    may_read=may_read,
)
