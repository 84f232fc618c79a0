from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core.forms import (
    DateInput,
    ModelForm,
    ModelMultipleChoiceField,
    ServiceFormMixin,
    VersionedForm,
    vietnamese_field_messages,
)
from core.forms import StyledFormMixin as Styled
from core.jurisdiction import is_admin
from imports.forms import limited_upload
from programs import selectors
from programs.models import Program, ProgressReport, Task, TaskGroup
from programs.status import TaskStatus

DATE_WIDGET = DateInput()


class ProgramForm(Styled, VersionedForm):
    class Meta:
        model = Program
        fields = [
            "title",
            "decision_number",
            "decision_date",
            "issuer",
            "signer",
            "implements",
            "purposes",
            "requirements",
            "start_date",
            "end_date",
            "lead_agency",
            "province",
            "report_due_month",
            "report_due_day",
            "is_published",
        ]
        widgets = {
            "decision_date": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "implements": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 3}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # What programs.services.program_check_place accepts: an officer's own province and its agencies.
        provinces = self.fields["province"].queryset.filter(level="province")
        province = None  # an administrator: any province, or none (a national program), any agency
        if not is_admin(user):
            province = user.province
            provinces = provinces.filter(pk=user.province_id)
            self.fields["province"].required = True
        self.fields["province"].queryset = provinces
        self.fields["lead_agency"].queryset = selectors.agencies_for_program(province)


class TaskGroupForm(Styled, ServiceFormMixin, ModelForm):
    class Meta:
        model = TaskGroup
        fields = ["number", "title"]


class TaskForm(Styled, VersionedForm):
    lead_agency = forms.ModelChoiceField(Agency.objects.all(), label=_("cơ quan chủ trì"), required=False)
    coordinating_agencies = ModelMultipleChoiceField(
        Agency.objects.all(),
        label=_("cơ quan phối hợp"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Task
        fields = ["group", "number", "content", "schedule", "deadline", "due_month", "due_day", "expected_output"]
        widgets = {
            "deadline": DATE_WIDGET,
            "content": forms.Textarea(attrs={"rows": 3}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = program.groups.all()
        agencies = selectors.agencies_for_program(program.province)
        self.fields["lead_agency"].queryset = self.fields["coordinating_agencies"].queryset = agencies
        if self.instance.pk:
            lead = self.instance.lead_assignment
            self.initial.setdefault("lead_agency", lead.agency_id if lead else None)
            self.initial.setdefault("coordinating_agencies", [a.agency_id for a in self.instance.coordinating_assignments])


class ReportForm(Styled, VersionedForm):
    class Meta:
        model = ProgressReport
        fields = ["progress", "percent_done", "completed_on", "results", "difficulties", "proposals"]
        widgets = {
            "completed_on": DATE_WIDGET,
            "results": forms.Textarea(attrs={"rows": 5}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewForm(Styled, forms.Form):
    comment = forms.CharField(label=_("ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(Styled, forms.Form):
    file = forms.FileField(
        label=_("tệp minh chứng (PDF, DOCX, XLSX, PNG, JPG)"),
        # Posted with the report form (report_detail.html), so attaching saves the typed text too.
        widget=forms.ClearableFileInput(attrs={"form": "report-form"}),
    )


def default_year(program: Program) -> int:
    """The year a programme's board opens on: this year, kept within the programme's years."""
    return min(max(timezone.localdate().year, program.start_date.year), program.end_date.year)


class BoardFilterForm(Styled, forms.Form):
    """The board's filters (core.query), shared by the programme page and the board API; no year is
    `default_year`."""

    year = forms.TypedChoiceField(label=_("năm"), coerce=int, required=False, empty_value=None)
    group = forms.ModelChoiceField(TaskGroup.objects.none(), label=_("nhóm nhiệm vụ"), required=False, empty_label=_("Tất cả"))
    agency = forms.ModelChoiceField(Agency.objects.none(), label=_("cơ quan"), required=False, empty_label=_("Tất cả"))
    status = forms.ChoiceField(label=_("tình trạng"), required=False)

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in program.years]
        self.fields["group"].queryset = program.groups.all()
        self.fields["agency"].queryset = Agency.objects.filter(assignments__task__program=program).distinct()
        self.fields["status"].choices = [("", _("Tất cả"))] + list(TaskStatus.choices)
        self.program = program

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        return default_year(self.program) if year is None else year


class ConsolidatedForm(Styled, forms.Form):
    """The consolidated report's year (one of the programme's; none: `default_year`) and signature."""

    year = forms.TypedChoiceField(label=_("năm"), coerce=int, required=False, empty_value=None)
    number = forms.CharField(label=_("số văn bản (phần trước “/BC-”)"), required=False, max_length=60)
    signer_title = forms.CharField(label=_("chức vụ người ký"), required=False, max_length=120)
    signer_name = forms.CharField(label=_("người ký"), required=False, max_length=120)

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in program.years]
        self.program = program

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        return default_year(self.program) if year is None else year


class TaskImportForm(Styled, forms.Form):
    file = forms.FileField(label=_("bảng nhiệm vụ (XLSX, hoặc quyết định DOCX, PDF có lớp văn bản)"))

    def clean_file(self):
        # The import pipeline's size limit (settings), as for every kind.
        return limited_upload(self.cleaned_data["file"])


class AgencyIdsField(forms.Field):
    """The ids of the agencies picked in a multiple select (the service checks them against the
    province's catalogue)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class AgencyAnswerForm(Styled, forms.Form):
    """An answer to a question of a task table's preview (programs.agency_answers): pick an agency
    of the province, or create it; or, for a "… liên quan" group, pick the agencies it stands for;
    for every row naming it, or one row."""

    PICK, CREATE, NARROW = "pick", "create", "narrow"
    text = forms.CharField(max_length=400, label=_("tên cơ quan trong bảng"))
    row = forms.IntegerField(required=False, min_value=1, label=_("áp dụng cho dòng"))
    action = forms.ChoiceField(
        choices=[(PICK, _("chọn")), (CREATE, _("tạo mới")), (NARROW, _("chọn các cơ quan của nhóm"))], label=_("cách trả lời")
    )
    agency = forms.IntegerField(required=False, label=_("cơ quan"))
    agencies = AgencyIdsField(required=False, label=_("các cơ quan"))
    name = forms.CharField(required=False, max_length=200, label=_("tên cơ quan mới"))
    kind = forms.ChoiceField(required=False, choices=[("", "—"), *Agency.Kind.choices], label=_("loại cơ quan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_field_messages(self)

    def clean(self):
        data = super().clean()
        if data.get("action") == self.PICK and not data.get("agency"):
            self.add_error("agency", _("Hãy chọn một cơ quan trong danh mục."))
        if data.get("action") == self.CREATE and not (data.get("name") or "").strip():
            self.add_error("name", _("Chưa ghi tên cơ quan mới."))
        if data.get("action") == self.CREATE and not data.get("kind"):
            self.add_error("kind", _("Chưa chọn loại cơ quan mới."))
        if data.get("action") == self.NARROW and not data.get("agencies"):
            self.add_error("agencies", _("Hãy chọn ít nhất một cơ quan trong danh mục."))
        return data

    def answer(self) -> dict:
        """The keyword arguments of programs.agency_answers.answer_agency (narrow_group for NARROW)."""
        data = self.cleaned_data
        if data["action"] == self.NARROW:
            return {"text": data["text"], "row": data.get("row"), "agency_ids": data["agencies"]}
        if data["action"] == self.PICK:
            return {"text": data["text"], "row": data.get("row"), "agency_id": data["agency"]}
        return {"text": data["text"], "row": data.get("row"), "name": data["name"].strip(), "kind": data["kind"]}
