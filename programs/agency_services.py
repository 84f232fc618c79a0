"""An agency a task table names that the catalogue lacks, created from the import's preview
(programs.agency_resolution says "unknown" and guesses its kind). Only someone who manages the
province's catalogue may add to it: an administrator, or a province officer for their own
province. The creation is one transaction and leaves a history row naming the actor.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.jurisdiction import is_admin
from core.roles import Role
from core.text import nfc, search_key, strip_diacritics
from geo.models import Level

CODE_LENGTH = Agency._meta.get_field("code").max_length
NAME_LENGTH = Agency._meta.get_field("name").max_length


def can_create_agency(actor, province) -> bool:
    if not actor.is_authenticated or province is None:
        return False
    return is_admin(actor) or (actor.has_role(Role.PROVINCE_OFFICER) and actor.province_id == province.pk)


@transaction.atomic
def create_agency_from_import(*, actor, province, name: str, kind: str, reason: str = "") -> Agency:
    """A new agency of `province` named `name` (NFC, as the person confirmed it) of `kind`."""
    if not can_create_agency(actor, province):
        raise PermissionDenied(_("Bạn không có quyền thêm cơ quan vào danh mục của tỉnh này."))
    name = nfc(name)
    if not name:
        raise ValidationError({"name": _("Chưa ghi tên cơ quan.")})
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": _("Tên cơ quan dài quá %(limit)s ký tự.") % {"limit": NAME_LENGTH}})
    if kind not in Agency.Kind.values:
        raise ValidationError({"kind": _("Loại cơ quan “%(kind)s” không có trong danh mục.") % {"kind": kind}})
    if getattr(province, "level", Level.PROVINCE) != Level.PROVINCE:
        raise ValidationError({"province": _("Cơ quan phải thuộc một tỉnh, thành phố.")})
    existing = Agency.objects.filter(province=province, name_key=search_key(name)).first()
    if existing is not None:
        raise ValidationError(
            {"name": _("Danh mục đã có cơ quan “%(name)s”: hãy chọn cơ quan đó thay vì tạo mới.") % {"name": existing.name}}
        )
    agency = Agency(code=_free_code(name), name=name, kind=kind, province=province)
    agency.full_clean()
    agency._history_user = actor
    agency._change_reason = reason or _("Thêm khi nhập bảng nhiệm vụ")
    agency.save()
    return agency


def _free_code(name: str) -> str:
    """A slug of the name, made unique with a number (codes are unique across provinces)."""
    base = slugify(strip_diacritics(name))[: CODE_LENGTH - 4].strip("-") or "co-quan"
    code, number = base, 1
    while Agency.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code
