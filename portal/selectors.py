"""What the public may read: published fields of operating organizations, nothing else."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from core.text import search_key
from registry.models import Organization
from registry.selectors import PUBLISHED_FIELDS, organizations_visible_to

#: Columns of the open-data files, in order: (key in the row, Vietnamese header).
OPEN_DATA_COLUMNS = (
    ("registration_code", "Mã số"),
    ("name", "Tên tổ chức"),
    ("short_name", "Tên viết tắt"),
    ("english_name", "Tên tiếng Anh"),
    ("kind_label", "Loại hình"),
    ("field_label", "Lĩnh vực"),
    ("vsic_code", "Mã ngành VSIC"),
    ("main_business", "Ngành nghề chính"),
    ("address", "Địa chỉ"),
    ("commune_name", "Xã, phường"),
    ("province_name", "Tỉnh, thành phố"),
    ("founded_on", "Ngày thành lập"),
    ("registered_on", "Ngày đăng ký"),
    ("status_label", "Tình trạng"),
)


def published_organizations(*, kind: str = "", field: str = "", province: str = "", q: str = "") -> QuerySet[Organization]:
    organizations = organizations_visible_to(AnonymousUser()).select_related("commune", "province")
    if kind:
        organizations = organizations.filter(kind=kind)
    if field:
        organizations = organizations.filter(field=field)
    if province:
        organizations = organizations.filter(province__code=province, province__edition="2025")
    if q:
        organizations = organizations.filter(search_text__contains=search_key(q))
    return organizations.only(
        *[f for f in PUBLISHED_FIELDS if f not in ("commune", "province")], "commune__full_name", "province__full_name"
    ).order_by("name")


def open_data_rows(organizations):
    for org in organizations.iterator(chunk_size=2000):
        yield {
            "registration_code": org.registration_code,
            "name": org.name,
            "short_name": org.short_name,
            "english_name": org.english_name,
            "kind_label": org.get_kind_display(),
            "field_label": org.get_field_display(),
            "vsic_code": org.vsic_code,
            "main_business": org.main_business,
            "address": org.address,
            "commune_name": org.commune.full_name,
            "province_name": org.province.full_name,
            "founded_on": org.founded_on,
            "registered_on": org.registered_on,
            "status_label": org.get_current_status_display(),
        }


def published_counts_by_kind() -> list[dict]:
    return list(published_organizations().order_by().values("kind").annotate(total=Count("id")).order_by("kind"))
