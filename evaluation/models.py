"""Assessments of cooperatives and the yearly results of classification and evaluation.

The rules themselves are data files (evaluation/rules/*.yaml, see rulesets.py); records here keep the
code of the rule set they were made under, so a later successor set never rewrites past years.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    CONFIRMED = "confirmed", _("Ban kiểm soát đã xác nhận")
    SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


#: Statuses in which the cooperative may still change its scores.
EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.CONFIRMED, AssessmentStatus.RETURNED})


class Assessment(VersionedModel):
    """One cooperative's evaluation for one year (TT 01/2020 Phụ lục I–II): self-scores by the board,
    confirmation by the supervisory board, submission, review by the registration office."""

    organization = models.ForeignKey(
        "registry.Organization", models.CASCADE, related_name="assessments", verbose_name=_("tổ chức")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    criteria_set = models.CharField(_("bộ tiêu chí"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    scores = models.JSONField(_("điểm tự chấm"), default=dict, help_text=_("Mã ý/tiêu chí → điểm."))
    prefills = models.JSONField(_("điểm gợi ý từ báo cáo năm"), default=dict, editable=False)
    override_reasons = models.JSONField(_("lý do sửa điểm gợi ý"), default=dict, blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    rating = models.CharField(_("xếp loại"), max_length=16, blank=True)
    board_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("HĐQT chấm bởi")
    )
    board_at = models.DateTimeField(_("HĐQT chấm lúc"), null=True, blank=True)
    supervisor_name = models.CharField(_("trưởng ban kiểm soát / kiểm soát viên"), max_length=120, blank=True)
    supervisor_comment = models.TextField(_("ý kiến ban kiểm soát"), blank=True)
    supervisor_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("xác nhận bởi")
    )
    supervisor_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    late_reason = models.TextField(_("lý do gửi muộn"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gửi bởi")
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến cơ quan đăng ký"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("xem xét bởi")
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "prefills"])

    class Meta:
        verbose_name = _("phiếu đánh giá HTX")
        verbose_name_plural = _("phiếu đánh giá HTX")
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="evaluation_one_assessment_per_year",
                violation_error_message=_("Tổ chức này đã có phiếu đánh giá của năm này."),
            )
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.ACCEPTED


class YearResult(TimeStampedModel):
    """Classification and rating of one organization for one year, as computed by `evaluate_year`
    (and refreshed when an assessment is accepted). Read by the results pages and reports."""

    organization = models.ForeignKey(
        "registry.Organization", models.CASCADE, related_name="evaluation_results", verbose_name=_("tổ chức")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    has_report = models.BooleanField(_("có báo cáo năm"), default=False)
    size_rules = models.CharField(_("bộ quy tắc quy mô"), max_length=40, blank=True)
    size_class = models.CharField(_("quy mô"), max_length=12, blank=True)
    size_reason = models.CharField(_("căn cứ phân loại"), max_length=300, blank=True)
    size_provisional = models.BooleanField(_("quy mô tạm tính"), default=False)
    criteria_set = models.CharField(_("bộ tiêu chí"), max_length=40, blank=True)
    rating = models.CharField(_("xếp loại"), max_length=16, blank=True)
    rating_reason = models.CharField(_("căn cứ xếp loại"), max_length=300, blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    rating_provisional = models.BooleanField(_("xếp loại tạm tính"), default=False)

    class Meta:
        verbose_name = _("kết quả phân loại, đánh giá")
        verbose_name_plural = _("kết quả phân loại, đánh giá")
        ordering = ["-year", "organization"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="evaluation_one_result_per_year")]
        indexes = [models.Index(fields=["year", "rating"]), models.Index(fields=["year", "size_class"])]

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}: {self.size_class} / {self.rating}"


class DeadlineOverride(TimeStampedModel):
    """A deadline of one year set by an administrator instead of the default in rules/deadlines.yaml
    (e.g. a province extends 15/12 to 20/12); empty province = every province."""

    class Step(models.TextChoices):
        COOPERATIVE = "cooperative", _("HTX gửi phiếu tự đánh giá")
        COMMUNE = "commune", _("Cấp xã tổng hợp")
        PROVINCE = "province", _("Cấp tỉnh tổng hợp")

    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    step = models.CharField(_("bước"), max_length=12, choices=Step.choices)
    province = models.ForeignKey(
        "geo.AdminUnit", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    due_on = models.DateField(_("hạn"))
    note = models.CharField(_("căn cứ"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thời hạn đánh giá (điều chỉnh)")
        verbose_name_plural = _("thời hạn đánh giá (điều chỉnh)")
        constraints = [models.UniqueConstraint(fields=["year", "step", "province"], name="evaluation_one_deadline_override")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_step_display()}: {self.due_on:%d/%m/%Y}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không chạy xong")


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class EvaluationRun(models.Model):
    """One run of the yearly classification and rating of a province, asked for from the year page and
    done by the task worker (evaluation.runs): its progress (processed/total organizations) for the
    page that polls it, then its counts and the organizations whose class or rating changed. The
    record is the run's log (who asked, when, what changed), so it keeps no separate history."""

    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey("geo.AdminUnit", models.CASCADE, related_name="+", verbose_name=_("tỉnh, thành phố"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    processed = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số tổ chức"), default=0)
    counts = models.JSONField(_("kết quả"), default=dict, blank=True)
    changes = models.JSONField(_("thay đổi"), default=list, blank=True)
    changed = models.PositiveIntegerField(_("số tổ chức thay đổi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("người yêu cầu")
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt chạy phân loại, đánh giá")
        verbose_name_plural = _("lượt chạy phân loại, đánh giá")
        ordering = ["-created_at"]
        constraints = [
            # One run of a year and province at a time: a second click lands on the running one.
            models.UniqueConstraint(
                fields=["year", "province"],
                condition=models.Q(status__in=["queued", "running"]),
                name="evaluation_one_active_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.province_id}: {self.status}"

    @property
    def is_running(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES

    @property
    def percent(self) -> int:
        return round(self.processed * 100 / self.total) if self.total else 0
