"""What each kind of workbook holds: its columns, their Vietnamese headers and the synonyms
people actually write, how each value is read, and which columns identify the row.

One place drives the templates, the header matching, the exports and the error workbook.
"""

from dataclasses import dataclass
from functools import cached_property

from core.text import compact_key
from imports.kinds import ImportKind, foreign_kind  # noqa: E402
from registry.models import AnnualReport, Field, Member, Organization, OrganizationKind, Status


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # model field name, or a lookup column: commune, district, province, organization_name
    header: str  # Vietnamese header of the template (without unit)
    type: str = "text"  # text | int | money | date | bool | choice | commune | province
    synonyms: tuple[str, ...] = ()
    unit: str = ""  # shown in the header: "đồng", "người"
    choices: tuple = ()
    required: bool = False
    width: float = 16
    help: str = ""

    @property
    def label(self) -> str:
        return f"{self.header} ({self.unit})" if self.unit else self.header

    @cached_property  # header matching asks for it for every cell of the first rows
    def keys(self) -> set[str]:
        return {compact_key(text) for text in (self.header, *self.synonyms)}


REGISTRATION_CODE = ColumnSpec(
    "registration_code",
    "Mã số HTX",
    synonyms=("Mã số thuế", "MST", "Mã số", "Mã HTX", "Mã số hợp tác xã", "Mã số doanh nghiệp", "Mã số tổ chức", "Mã số ĐKKD"),
    width=14,
    help="10 chữ số; chi nhánh: 10 chữ số-3 chữ số. Tổ hợp tác chưa đăng ký để trống.",
)
ORGANIZATION_NAME = ColumnSpec(
    "organization_name",
    "Tên tổ chức",
    synonyms=("Tên HTX", "Tên hợp tác xã", "Tên đơn vị", "Tên tổ hợp tác", "Tên THT, HTX", "Tên HTX, THT", "Đơn vị"),
    width=40,
)
COMMUNE = ColumnSpec(
    "commune",
    "Xã, phường",
    type="commune",
    synonyms=("Xã/Phường", "Xã, phường, thị trấn", "Xã/phường/thị trấn", "Phường/Xã", "Xã", "Phường", "Địa bàn", "Địa bàn xã"),
    width=22,
    help="Tên xã, phường hiện hành (có thể ghi tên cũ trước 01/7/2025 kèm cột Huyện).",
)
DISTRICT = ColumnSpec(
    "district",
    "Huyện (cũ)",
    synonyms=("Huyện", "Quận/Huyện", "Quận, huyện", "Huyện/Thị xã", "Quận, huyện, thị xã", "Huyện, thị xã, thành phố"),
    width=18,
    help="Chỉ cần khi ghi tên xã cũ trùng tên nhau.",
)
PROVINCE = ColumnSpec("province", "Tỉnh, thành phố", type="province", synonyms=("Tỉnh", "Tỉnh/Thành phố", "Tỉnh/TP"), width=18)

_MONEY = ("đồng",)

ORGANIZATION_COLUMNS = (
    REGISTRATION_CODE,
    ColumnSpec("name", "Tên tổ chức", required=True, synonyms=ORGANIZATION_NAME.synonyms, width=40),
    ColumnSpec("short_name", "Tên viết tắt", width=16),
    ColumnSpec(
        "kind",
        "Loại hình",
        type="choice",
        choices=tuple(OrganizationKind.choices),
        required=True,
        synonyms=("Loại hình tổ chức", "Loại"),
        width=20,
    ),
    ColumnSpec(
        "field",
        "Lĩnh vực hoạt động",
        type="choice",
        choices=tuple(Field.choices),
        required=True,
        synonyms=("Lĩnh vực", "Ngành, lĩnh vực"),
        width=30,
    ),
    ColumnSpec(
        "current_status", "Tình trạng", type="choice", choices=tuple(Status.choices), synonyms=("Tình trạng hoạt động",), width=22
    ),
    PROVINCE,
    COMMUNE,
    DISTRICT,
    ColumnSpec("address", "Địa chỉ trụ sở", synonyms=("Địa chỉ", "Thôn", "Thôn, tổ dân phố", "Thôn/Tổ"), width=30),
    ColumnSpec("main_business", "Ngành nghề kinh doanh chính", synonyms=("Ngành nghề", "Ngành nghề chính"), width=30),
    ColumnSpec("vsic_code", "Mã ngành VSIC", synonyms=("Mã ngành", "VSIC"), width=12),
    ColumnSpec("founded_on", "Ngày thành lập", type="date", width=14),
    ColumnSpec("registered_on", "Ngày đăng ký", type="date", synonyms=("Ngày cấp GCN", "Ngày cấp đăng ký"), width=14),
    ColumnSpec(
        "legal_representative",
        "Người đại diện theo pháp luật",
        synonyms=("Người đại diện", "Giám đốc", "Chủ tịch HĐQT", "Tổ trưởng", "Trưởng tổ", "Người đứng đầu"),
        width=24,
    ),
    ColumnSpec("representative_title", "Chức danh", synonyms=("Chức vụ",), width=16),
    ColumnSpec("charter_capital", "Vốn điều lệ", type="money", unit="đồng", synonyms=("Vốn điều lệ đăng ký",), width=18),
    ColumnSpec("phone", "Điện thoại", synonyms=("Số điện thoại", "SĐT"), width=14),
    ColumnSpec("email", "Thư điện tử", synonyms=("Email", "E-mail"), width=22),
    ColumnSpec("is_credit_fund", "Quỹ tín dụng nhân dân", type="bool", synonyms=("Là quỹ tín dụng",), width=10),
)

_ORG_LOOKUP = (REGISTRATION_CODE, ORGANIZATION_NAME, COMMUNE, DISTRICT)


def _count(key, header, *synonyms, unit="người"):
    return ColumnSpec(key, header, type="int", unit=unit, synonyms=synonyms, width=14)


def _money(key, header, *synonyms):
    return ColumnSpec(key, header, type="money", unit="đồng", synonyms=synonyms, width=18)


ANNUAL_REPORT_COLUMNS = (
    *_ORG_LOOKUP,
    ColumnSpec("year", "Năm báo cáo", type="int", required=True, synonyms=("Năm",), width=10),
    _count("members_official", "Thành viên chính thức", "Số thành viên chính thức", "Số thành viên", "Thành viên"),
    _count("members_associate", "Thành viên liên kết góp vốn", "Số thành viên liên kết", "Thành viên liên kết"),
    _count("new_members", "Thành viên mới trong năm", "Số thành viên mới", "Thành viên mới"),
    _count("member_cooperatives", "HTX thành viên", "Số HTX thành viên", unit="HTX"),
    _count("regular_workers", "Lao động thường xuyên", "Số lao động thường xuyên", "Số lao động", "Lao động"),
    _money("revenue", "Doanh thu", "Tổng doanh thu", "Doanh thu trong năm"),
    _money("revenue_from_members", "Doanh thu từ thành viên", "Doanh thu cung ứng cho thành viên", "Doanh thu với thành viên"),
    _money("pre_tax_profit", "Lợi nhuận trước thuế", "Lợi nhuận", "Lãi trước thuế"),
    _money("total_capital", "Tổng nguồn vốn", "Nguồn vốn", "Tổng vốn"),
    _money("indivisible_assets", "Tài sản không chia", "Giá trị tài sản không chia"),
    ColumnSpec(
        "average_worker_income",
        "Thu nhập bình quân lao động",
        type="money",
        unit="đồng/người/tháng",
        synonyms=("Thu nhập bình quân", "Thu nhập bình quân của lao động", "Thu nhập bình quân lao động thường xuyên"),
        width=18,
    ),
    _money("development_fund", "Quỹ đầu tư phát triển", "Trích quỹ đầu tư phát triển"),
    _money("reserve_fund", "Quỹ dự phòng", "Trích quỹ dự phòng"),
    _money("other_funds", "Các quỹ khác", "Trích các quỹ khác", "Quỹ khác"),
)

MEMBER_COLUMNS = (
    *_ORG_LOOKUP,
    ColumnSpec(
        "name", "Tên thành viên", required=True, synonyms=("Họ và tên", "Họ tên", "Họ và tên thành viên", "Tên hộ"), width=28
    ),
    ColumnSpec(
        "identifier",
        "Số định danh",
        synonyms=("Số CCCD", "CCCD", "Số CMND", "Mã số thành viên", "Số định danh cá nhân"),
        width=16,
    ),
    ColumnSpec("kind", "Loại thành viên", type="choice", choices=tuple(Member.Kind.choices), width=24),
    ColumnSpec("member_type", "Đối tượng", type="choice", choices=tuple(Member.MemberType.choices), width=14),
    ColumnSpec(
        "capital_contribution", "Vốn góp", type="money", unit="đồng", synonyms=("Số vốn góp", "Vốn góp thực tế"), width=16
    ),
    ColumnSpec("joined_on", "Ngày gia nhập", type="date", synonyms=("Ngày vào",), width=14),
    ColumnSpec("left_on", "Ngày ra khỏi", type="date", synonyms=("Ngày ra",), width=14),
)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    columns: tuple[ColumnSpec, ...]
    model: type
    sheet_name: str
    #: Header keys that must be found for a row to count as this kind's header row.
    needed: tuple[str, ...]

    @cached_property  # asked for every row
    def fields(self) -> tuple[str, ...]:
        """Model fields written by the import (lookup columns such as the commune excluded)."""
        return _model_fields(self.columns, self.model)

    @cached_property
    def date_fields(self) -> frozenset[str]:
        """The fields whose values are dates (kept as ISO text in the staged JSON)."""
        return frozenset(key for key in self.fields if self.column(key).type == "date")

    def column(self, key: str) -> ColumnSpec:
        return next(column for column in self.columns if column.key == key)


def _model_fields(columns, model) -> tuple[str, ...]:
    names = {f.name for f in model._meta.fields}
    lookups = {"current_status", "commune", "province", "district", "organization_name"}
    return tuple(column.key for column in columns if column.key in names and column.key not in lookups)


KINDS = {
    ImportKind.ORGANIZATIONS: KindSpec(
        ImportKind.ORGANIZATIONS,
        ORGANIZATION_COLUMNS,
        Organization,
        "To chuc",
        needed=("name", "commune"),
    ),
    ImportKind.MEMBERS: KindSpec(ImportKind.MEMBERS, MEMBER_COLUMNS, Member, "Thanh vien", needed=("name",)),
    ImportKind.ANNUAL_REPORTS: KindSpec(
        ImportKind.ANNUAL_REPORTS, ANNUAL_REPORT_COLUMNS, AnnualReport, "Bao cao nam", needed=("year",)
    ),
}


def kind_spec(kind: str) -> KindSpec | None:
    """The columns of any kind: the registry's (KINDS), or those the app owning it declared
    (imports.foreign.ForeignKind.spec), for what the pipeline does alike for every kind: the
    preview's column mapping and the mappings it remembers (imports.mapping)."""
    spec = KINDS.get(kind)
    if spec is None:
        foreign = foreign_kind(kind)
        spec = foreign.spec if foreign is not None else None
    return spec


def field_label(kind: str, name: str) -> str:
    """Vietnamese label of a changed field (a column header, else the model field's name)."""
    spec = KINDS.get(kind)
    if spec is None:  # a kind another app imports (imports.foreign): the diff names model fields
        foreign = foreign_kind(kind)
        return _verbose_name(foreign.model, name) if foreign else name
    key = {"commune_id": "commune", "legacy_commune_id": "district"}.get(name, name)
    if any(column.key == key for column in spec.columns):
        return spec.column(key).label
    return _verbose_name(spec.model, name)


def _verbose_name(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name).capitalize()
    except Exception:
        return name
