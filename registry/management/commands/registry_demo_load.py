"""`manage.py registry_demo_load --seed N [--if-empty] [--scale 1.0]`: the registry part of the demo
(a step of `manage.py demo_load`, which loads every part in order).

Đà Nẵng as merged on 1/7/2025 (94 communes), with organizations founded since 1997 whose
pre-2025 records point at the Quảng Nam / Đà Nẵng communes of the time. The same seed gives
the same data. Without --if-empty the demo province's registry is replaced.
"""

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import Count

from geo.models import AdminUnit
from registry.demo.agencies import ensure_agencies
from registry.demo.generator import Volume, populate_province
from registry.demo.units import demo_province
from registry.models import AnnualReport, Member, Organization, OrganizationKind, StatusEvent

#: The demo at scale 1: Quảng Nam's end-2018 counts (328 HTX, 1 union, 2,571 THT) grown to
#: 2025 and joined with Đà Nẵng's, rounded.
DEMO_VOLUME = Volume(cooperatives=450, groups=1500, unions=3, credit_funds=2)


def clear_province(province: AdminUnit) -> None:
    """Delete the province's registry rows and their history, fast.

    Django's cascading delete would send a signal per row (simple-history writes a "deleted"
    history row for each), which takes minutes for the demo; these are generated rows, so they
    go without trace. Rows of other apps that still point at them make the transaction fail.
    """
    ids = list(Organization.objects.filter(province=province).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for model in (AnnualReport, Member, StatusEvent):
            model.objects.filter(organization_id__in=chunk)._raw_delete(model.objects.db)
            model.history.filter(organization_id__in=chunk)._raw_delete(model.objects.db)
        Member.objects.filter(member_organization_id__in=chunk)._raw_delete(Member.objects.db)
        through = Organization.representatives.through
        through.objects.filter(organization_id__in=chunk)._raw_delete(through.objects.db)
        Organization.history.filter(id__in=chunk)._raw_delete(Organization.objects.db)
        Organization.objects.filter(pk__in=chunk)._raw_delete(Organization.objects.db)


@transaction.atomic
def build_demo(*, seed: int, scale: float = 1.0, as_of: dt.date | None = None):
    """Replace the demo province's organizations with freshly generated ones; returns row counts."""
    province = demo_province()
    ensure_agencies(province)
    clear_province(province)
    rng = random.Random(seed)
    return populate_province(rng=rng, province=province, volume=DEMO_VOLUME.scaled(scale), as_of=as_of or dt.date.today())


def add_registry_demo_arguments(parser) -> None:
    """--seed, --scale, --if-empty: this command's options, also those of `demo_load`, which passes them on."""
    parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu).")
    parser.add_argument("--scale", type=float, default=1.0, help="Tỉ lệ số lượng tổ chức (1.0 ≈ 450 HTX, 1.500 THT).")
    parser.add_argument("--if-empty", action="store_true", help="Không tạo lại tổ chức nếu cơ sở dữ liệu đã có.")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu của thành phố Đà Nẵng (HTX, THT, liên hiệp HTX, thành viên, báo cáo năm)."

    def add_arguments(self, parser):
        add_registry_demo_arguments(parser)

    def handle(self, *args, seed: int, scale: float, if_empty: bool, **options):
        if scale <= 0:
            raise CommandError("--scale phải lớn hơn 0.")
        if if_empty and Organization.objects.exists():
            self.stdout.write("Đã có dữ liệu tổ chức, bỏ qua việc tạo dữ liệu mẫu.")
            return
        started = time.perf_counter()
        try:
            written = build_demo(seed=seed, scale=scale)
        except IntegrityError as error:
            raise CommandError(f"Không thể thay dữ liệu mẫu: các tổ chức hiện có đang được dùng ở nơi khác ({error}).")
        kinds = dict(Organization.objects.filter(province=demo_province()).values_list("kind").annotate(n=Count("id")))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {written.organizations} tổ chức ({kinds.get(OrganizationKind.COOPERATIVE, 0)} HTX, "
                f"{kinds.get(OrganizationKind.COOPERATIVE_GROUP, 0)} THT, {kinds.get(OrganizationKind.UNION, 0)} liên hiệp HTX), "
                f"{written.events} sự kiện tình trạng, {written.members} thành viên, {written.reports} báo cáo năm "
                f"trong {time.perf_counter() - started:.1f} giây (hạt giống {seed})."
            )
        )
