"""Evidence files attached to progress reports: allowed types, checked by content and extension."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.numbers import format_number

#: extension → the kinds `filetype` may detect for it (Office files are zip containers).
ALLOWED = {
    "pdf": {"pdf"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "HOPTAC_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def validate_evidence_file(uploaded) -> str:
    """Return the normalised extension, or raise a ValidationError naming the file."""
    name = uploaded.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError({"file": _("Tệp “%(name)s” không đúng loại: chỉ nhận PDF, DOCX, XLSX, PNG, JPG.") % {"name": name}})
    if uploaded.size > max_bytes():
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                % {
                    "name": name,
                    "size": format_number(uploaded.size / 1024 / 1024, 1),
                    "limit": format_number(max_bytes() / 1024 / 1024, 1),
                }
            }
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    detected = filetype.guess(head)
    kind = detected.extension if detected else None
    if kind not in ALLOWED[extension]:
        raise ValidationError(
            {"file": _("Nội dung tệp “%(name)s” không phải là tệp %(ext)s hợp lệ.") % {"name": name, "ext": extension.upper()}}
        )
    if extension in ("docx", "xlsx"):
        _check_office_container(uploaded, name, extension)
    return "jpg" if extension == "jpeg" else extension


def _check_office_container(uploaded, name: str, extension: str) -> None:
    import zipfile

    marker = "word/" if extension == "docx" else "xl/"
    try:
        with zipfile.ZipFile(uploaded) as archive:
            ok = any(item.startswith(marker) for item in archive.namelist())
    except zipfile.BadZipFile:
        ok = False
    finally:
        uploaded.seek(0)
    if not ok:
        raise ValidationError(
            {"file": _("Nội dung tệp “%(name)s” không phải là tệp %(ext)s hợp lệ.") % {"name": name, "ext": extension.upper()}}
        )
