"""The demo province's agencies: departments, the Cooperative Alliance, commune and (pre-2025)
district People's Committees. Created idempotently by code."""

from django.db import transaction

from accounts.models import Agency
from geo.models import REFORM_DATE, AdminUnit, Level, UnitSuccession

LAST_LEGACY_DAY = REFORM_DATE.replace(day=30, month=6)

#: (code, name, short name, kind, symbol on documents) of the city-level bodies that hold cooperative tasks.
CITY_AGENCIES = (
    ("ubnd-thanh-pho", "Ủy ban nhân dân thành phố Đà Nẵng", "UBND thành phố", Agency.Kind.PROVINCIAL_COMMITTEE, "UBND"),
    ("so-tai-chinh", "Sở Tài chính", "Sở TC", Agency.Kind.DEPARTMENT, "STC"),
    ("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", Agency.Kind.DEPARTMENT, "SNNMT"),
    ("so-cong-thuong", "Sở Công Thương", "Sở CT", Agency.Kind.DEPARTMENT, "SCT"),
    ("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", "Sở KH&CN", Agency.Kind.DEPARTMENT, "SKHCN"),
    ("so-noi-vu", "Sở Nội vụ", "Sở NV", Agency.Kind.DEPARTMENT, "SNV"),
    ("lien-minh-htx", "Liên minh Hợp tác xã thành phố Đà Nẵng", "Liên minh HTX", Agency.Kind.ALLIANCE, "LMHTX"),
)
#: What the demo agencies' documents carry (accounts.letterhead); an officer edits them on a page.
CITY_PARENT = "UBND THÀNH PHỐ ĐÀ NẴNG"
CITY_RECIPIENTS = "UBND thành phố (b/c)\nBộ Tài chính (b/c)\nLưu: VT"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def commune_agency_code(commune: AdminUnit) -> str:
    return f"ubnd-xa-{commune.code}"


def district_agency_code(district: AdminUnit) -> str:
    return f"ubnd-huyen-{district.code}"


@transaction.atomic
def ensure_agencies(province: AdminUnit) -> int:
    """Create or refresh the agencies; returns how many exist for the province afterwards."""
    for code, name, short, kind, symbol in CITY_AGENCIES:
        agency, created = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": kind, "province": province}
        )
        if created:  # never overwrite what an officer has since set
            agency.symbol, agency.place_name = symbol, "Đà Nẵng"
            agency.parent_authority = "" if kind == Agency.Kind.PROVINCIAL_COMMITTEE else CITY_PARENT
            agency.recipients = "Bộ Tài chính (b/c)\nLưu: VT" if kind == Agency.Kind.PROVINCIAL_COMMITTEE else CITY_RECIPIENTS
            agency.save()
    communes = AdminUnit.objects.current().communes().filter(province=province).order_by("code")
    for commune in communes:
        Agency.objects.update_or_create(
            code=commune_agency_code(commune),
            defaults={
                "name": f"Ủy ban nhân dân {_lower_first(commune.full_name)}",
                "short_name": f"UBND {commune.full_name}",
                "kind": Agency.Kind.COMMUNE_COMMITTEE,
                "province": province,
                "commune": commune,
                "valid_from": REFORM_DATE,
            },
        )
    # Pre-2025 districts (their programs and reports stay attached to them).
    district_ids = UnitSuccession.objects.filter(new_unit__in=communes, old_unit__level=Level.COMMUNE).values("old_unit__parent")
    for district in AdminUnit.objects.legacy().filter(level=Level.DISTRICT, pk__in=district_ids).order_by("code"):
        Agency.objects.update_or_create(
            code=district_agency_code(district),
            defaults={
                "name": f"Ủy ban nhân dân {_lower_first(district.full_name)}",
                "short_name": f"UBND {district.full_name}",
                "kind": Agency.Kind.DISTRICT_COMMITTEE,
                "province": province,
                "commune": district,
                "valid_to": LAST_LEGACY_DAY,
            },
        )
    return Agency.objects.filter(province=province).count()
