"""Classify every organization and rate cooperatives with accepted assessments, for one year.

    manage.py evaluate_year 2025 [--province 48] [--background]

With --background the work is queued for the task worker (`manage.py worker`) and the command returns at once.

Idempotent: a second run with unchanged data writes nothing ("0 tạo mới, 0 cập nhật").
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.batch import evaluate_year
from evaluation.tasks import evaluate_year_task
from geo.models import AdminUnit, Edition, Level


class Command(BaseCommand):
    help = gettext_lazy("Phân loại quy mô và xếp loại HTX của một năm (chạy lại không thay đổi gì nếu số liệu không đổi).")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--province", help=_("Mã GSO của tỉnh, thành phố (bộ mã hiện hành)."))
        parser.add_argument("--background", action="store_true", help=_("Đưa vào hàng đợi cho tiến trình nền xử lý."))

    def handle(self, *args, year: int, province: str | None = None, background: bool = False, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(_("Năm %(year)s không hợp lệ.") % {"year": year})
        province_id = None
        if province:
            unit = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE, code=province).first()
            if unit is None:
                raise CommandError(_("Không có tỉnh, thành phố mã “%(code)s”.") % {"code": province})
            province_id = unit.pk
        if background:
            result = evaluate_year_task.enqueue(year, province_id)
            self.stdout.write(_("Đã đưa vào hàng đợi (việc %(id)s).") % {"id": result.id})
            return
        try:
            stats = evaluate_year(year, province_id=province_id)
        except LookupError as error:
            raise CommandError(str(error)) from error
        ratings = ", ".join(f"{code}: {count}" for code, count in sorted(stats.ratings.items()))
        self.stdout.write(
            _(
                "Năm %(year)s: %(n)s tổ chức; %(created)s tạo mới, %(updated)s cập nhật, %(unchanged)s không đổi, %(deleted)s xóa. %(ratings)s"
            )
            % {
                "year": year,
                "n": stats.evaluated,
                "created": stats.created,
                "updated": stats.updated,
                "unchanged": stats.unchanged,
                "deleted": stats.deleted,
                "ratings": ratings,
            }
        )
