from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from evaluation.demo import load, rate_from_the_year_page
from geo.models import AdminUnit, Edition, Level


class Command(BaseCommand):
    help = "Tạo phiếu tự đánh giá mẫu 2023–2025 của các HTX tỉnh mẫu, đi qua đủ quy trình (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--province", default=settings.HOPTAC_PROVINCE_CODE)

    def handle(self, *args, **options):
        province = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE, code=options["province"]).first()
        reviewer = User.objects.filter(is_superuser=True).order_by("pk").first()
        if province is None or reviewer is None:
            raise CommandError("Chưa có tỉnh mẫu hoặc tài khoản quản trị: chạy demo_load và demo_accounts trước.")
        counts = load(province=province, reviewer=reviewer, seed=options["seed"])
        for year in (2023, 2024):
            call_command("evaluate_year", year, province=options["province"], verbosity=0)
        # The last year as the province officer runs it from the year page, so that the demo holds a
        # finished run (its summary page) like a province that has used the button.
        if not rate_from_the_year_page(province=province, year=2025):
            call_command("evaluate_year", 2025, province=options["province"], verbosity=0)
        self.stdout.write(
            f"Phiếu đánh giá mẫu: {counts['accepted']} được chấp nhận, {counts['returned']} bị trả lại, "
            f"{counts['skipped']} lượt không tham gia; đã tính kết quả 2023–2025."
        )
