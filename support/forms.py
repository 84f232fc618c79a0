"""Forms of the support pages. Validation that needs the database lives in services.py; forms
only parse what people type (money as "1.500.000", dates as dd/mm/yyyy or from a date picker)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Agency
from core.forms import DateField, DateInput, ModelForm, MoneyField, ServiceFormMixin, VersionFormMixin, style_widgets
from core.jurisdiction import is_admin
from core.query import page_field
from core.roles import Role
from core.widgets import SearchableSelect
from geo.models import AdminUnit, Edition, Level
from imports.forms import limited_upload
from registry.models import Field, Organization
from support import permissions
from support.loans import LoanStatus, ScheduleRow
from support.models import (
    ACTIVITY_INPUT_FIELDS,
    RECORD_INPUT_FIELDS,
    Activity,
    ActivityKind,
    AllianceMembership,
    AllianceService,
    FundingSource,
    FundLoan,
    ServiceKind,
    SupportPolicy,
    SupportRecord,
    SupportType,
)
from support.policies import POLICY_FIELDS


class ServiceValidatedForm(ServiceFormMixin, ModelForm):
    """A model form whose database constraints are checked by the service, not by the form: the
    service first runs its own checks, whose messages name the values at fault, and only then the
    generic constraint messages (model.full_clean), so the form must not pre-empt them."""

    def validate_constraints(self):
        pass


def organizations_for_recording(user):
    """Organizations `user` may record support for (same rule as permissions.can_record_for)."""
    organizations = Organization.objects.select_related("commune").order_by("name")
    if is_admin(user):
        return organizations
    scope = Q(pk__in=[])
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        scope |= Q(commune_id=user.commune_id)
    if user.has_role(Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.ALLIANCE_OFFICER) and user.province_id:
        scope |= Q(province_id=user.province_id)
    return organizations.filter(scope)


def agencies_for(user):
    agencies = Agency.objects.order_by("kind", "name")
    if is_admin(user) or not user.province_id:
        return agencies
    return agencies.filter(Q(province_id=user.province_id) | Q(province__isnull=True))


def current_communes(province_id=None):
    communes = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE).order_by("name")
    return communes.filter(province_id=province_id) if province_id else communes


def task_choices():
    from programs.models import Task

    return Task.objects.select_related("program").order_by("program__start_date", "program_id", "sort_key")


class TaskChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs["empty_label"] = gettext_lazy("— Không gắn với nhiệm vụ —")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.program} – {obj}"


class OrganizationChoiceField(forms.ModelChoiceField):
    widget = SearchableSelect

    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.commune.full_name}" if obj.commune_id else obj.name


class SupportRecordForm(VersionFormMixin, ServiceValidatedForm):
    amount = MoneyField(label=gettext_lazy("Kinh phí hỗ trợ (đồng)"), required=False)

    class Meta:
        model = SupportRecord
        fields = RECORD_INPUT_FIELDS
        field_classes = {"organization": OrganizationChoiceField, "task": TaskChoiceField}
        widgets = {"supported_on": DateInput(), "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for_recording(user)
        self.fields["policy"].queryset = SupportPolicy.objects.order_by("-valid_from", "name")
        self.fields["policy"].widget.attrs["data-searchable"] = ""
        self.fields["task"].queryset = task_choices()
        if permissions.can_choose_agency(user):
            self.fields["agency"].queryset = agencies_for(user)
            self.fields["agency"].initial = user.agency_id
        else:
            del self.fields["agency"]
        style_widgets(self)

    def clean_amount(self):
        return self.cleaned_data.get("amount") or 0


class PolicyForm(ServiceValidatedForm):
    class Meta:
        model = SupportPolicy
        fields = POLICY_FIELDS
        widgets = {"valid_from": DateInput(), "valid_to": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


GROUP_FIELDS = ("participants_managers", "participants_members", "participants_officials")


class ActivityForm(VersionFormMixin, ServiceValidatedForm):
    cost = MoneyField(label=gettext_lazy("Kinh phí (đồng)"), required=False)

    class Meta:
        model = Activity
        fields = ACTIVITY_INPUT_FIELDS
        field_classes = {"task": TaskChoiceField}
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = current_communes(None if is_admin(user) else user.province_id)
        self.fields["task"].queryset = task_choices()
        for name in GROUP_FIELDS:
            self.fields[name].required = False
        if permissions.can_choose_agency(user):
            self.fields["agency"].queryset = agencies_for(user)
            self.fields["agency"].initial = user.agency_id
        else:
            del self.fields["agency"]
        style_widgets(self)

    def clean(self):
        data = super().clean()
        for name in GROUP_FIELDS:  # a group left empty has nobody in it
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
                setattr(self.instance, name, 0)
        return data

    def clean_cost(self):
        return self.cleaned_data.get("cost") or 0


class MembershipForm(VersionFormMixin, ServiceValidatedForm):
    class Meta:
        model = AllianceMembership
        fields = ["organization", "joined_on", "left_on", "decision_ref", "note"]
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {"joined_on": DateInput(), "left_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for_recording(user)
        if self.instance.pk:
            self.fields["organization"].disabled = True
        style_widgets(self)


class ServiceForm(VersionFormMixin, ServiceValidatedForm):
    fee = MoneyField(label=gettext_lazy("Phí dịch vụ (đồng)"), required=False)

    class Meta:
        model = AllianceService
        fields = ["organization", "kind", "provided_on", "description", "fee"]
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {"provided_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for_recording(user)
        style_widgets(self)

    def clean_fee(self):
        return self.cleaned_data.get("fee") or 0


class LoanForm(ServiceValidatedForm):
    principal = MoneyField(label=gettext_lazy("Số tiền vay (đồng)"))
    every_months = forms.TypedChoiceField(
        label=gettext_lazy("Lập lịch trả nợ tự động"),
        choices=[
            ("", gettext_lazy("Không, tôi nhập từng kỳ bên dưới")),
            (1, gettext_lazy("Hằng tháng")),
            (3, gettext_lazy("Hằng quý")),
            (6, gettext_lazy("6 tháng một lần")),
            (12, gettext_lazy("Hằng năm")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Chia đều tiền gốc, lãi tính trên dư nợ giảm dần."),
    )

    class Meta:
        model = FundLoan
        fields = ["contract_no", "borrower", "principal", "annual_rate", "term_months", "disbursed_on", "purpose"]
        field_classes = {"borrower": OrganizationChoiceField}
        widgets = {"disbursed_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borrower"].queryset = organizations_for_recording(user)
        style_widgets(self)


class InstallmentForm(forms.Form):
    due_on = DateField(label=gettext_lazy("Hạn trả"), required=False)
    principal = MoneyField(label=gettext_lazy("Gốc (đồng)"), required=False)
    interest = MoneyField(label=gettext_lazy("Lãi (đồng)"), required=False)

    def row(self) -> ScheduleRow | None:
        data = self.cleaned_data
        if not data or not data.get("due_on"):
            return None
        return ScheduleRow(data["due_on"], data.get("principal") or 0, data.get("interest") or 0)

    def clean(self):
        data = super().clean()
        if (data.get("principal") or data.get("interest")) and not data.get("due_on"):
            raise ValidationError(_("Kỳ trả có số tiền nhưng chưa có hạn trả."))
        return data


InstallmentFormSet = forms.formset_factory(InstallmentForm, extra=12, max_num=240, absolute_max=240)


class RepaymentForm(forms.Form):
    paid_on = DateField(label=gettext_lazy("Ngày trả"))
    principal = MoneyField(label=gettext_lazy("Gốc đã trả (đồng)"), required=False)
    interest = MoneyField(label=gettext_lazy("Lãi đã trả (đồng)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def _year_choices():
    from django.utils import timezone

    this_year = timezone.localdate().year
    return [("", gettext_lazy("Mọi năm"))] + [(y, str(y)) for y in range(this_year, 2014, -1)]


class ListOptionsMixin:
    """`page` and export `format` of a list (core.query): `FORMATS` names the exports the list
    offers. Templates draw `filter_fields` (the filters without these two)."""

    FORMATS: tuple[str, ...] = ()
    OPTIONS = ("page", "format")

    def add_list_options(self) -> None:
        self.fields["page"] = page_field()
        choices = [("", "HTML"), *((name, name.upper()) for name in self.FORMATS)]
        self.fields["format"] = forms.ChoiceField(label=gettext_lazy("Định dạng"), required=False, choices=choices)

    def filter_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.OPTIONS]


class ServiceFilterForm(ListOptionsMixin, forms.Form):
    """The filters of the Alliance's services list and its export: a year and a kind of service."""

    FORMATS = ("xlsx",)
    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=gettext_lazy("Loại dịch vụ"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["kind"].choices = [("", gettext_lazy("Mọi loại dịch vụ")), *ServiceKind.choices]
        self.add_list_options()


class _EntryFilterForm(ListOptionsMixin, forms.Form):
    """Filters shared by the registers of agency entries: year, agency and commune, limited to what
    the user may see."""

    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), required=False, coerce=int, empty_value=None)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan thực hiện"),
        required=False,
        queryset=Agency.objects.all(),
        empty_label=gettext_lazy("Mọi cơ quan"),
    )
    commune = forms.ModelChoiceField(
        label=gettext_lazy("Xã, phường"),
        required=False,
        queryset=AdminUnit.objects.none(),
        empty_label=gettext_lazy("Mọi xã, phường"),
    )
    field_order = ["q", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["commune"].queryset = current_communes(None if is_admin(user) else user.province_id)
        self.fields["agency"].queryset = agencies_for(user)
        self.add_choices()
        self.add_list_options()
        style_widgets(self)

    def add_choices(self) -> None:
        """Fill the choices of the subclass's own coded fields."""


class RecordFilterForm(_EntryFilterForm):
    FORMATS = ("xlsx", "docx")
    q = forms.CharField(label=gettext_lazy("Tìm tổ chức, số hiệu"), required=False)
    support_type = forms.ChoiceField(label=gettext_lazy("Nội dung hỗ trợ"), required=False)
    funding_source = forms.ChoiceField(label=gettext_lazy("Nguồn kinh phí"), required=False)
    policy = forms.ModelChoiceField(
        label=gettext_lazy("Chính sách"),
        required=False,
        queryset=SupportPolicy.objects.all(),
        empty_label=gettext_lazy("Mọi chính sách"),
    )
    field = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)
    field_order = ["q", "year", "support_type", "funding_source", "policy", "commune", "field", "agency"]

    def add_choices(self) -> None:
        self.fields["support_type"].choices = [("", gettext_lazy("Mọi nội dung"))] + SupportType.choices
        self.fields["funding_source"].choices = [("", gettext_lazy("Mọi nguồn"))] + FundingSource.choices
        self.fields["field"].choices = [("", gettext_lazy("Mọi lĩnh vực"))] + Field.choices


class ActivityFilterForm(_EntryFilterForm):
    FORMATS = ("xlsx",)
    q = forms.CharField(label=gettext_lazy("Tìm tên hoạt động"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Loại hoạt động"), required=False)
    field_order = ["q", "year", "kind", "agency", "commune"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].label = gettext_lazy("Cơ quan tổ chức")

    def add_choices(self) -> None:
        self.fields["kind"].choices = [("", gettext_lazy("Mọi loại"))] + ActivityKind.choices


class MemberFilterForm(ListOptionsMixin, forms.Form):
    """The Alliance's member list: search, `all=1` (former members too), and the Word report's year
    (none: this year)."""

    FORMATS = ("xlsx", "docx")
    q = forms.CharField(label=gettext_lazy("Tìm kiếm"), required=False, max_length=100)
    all = forms.ChoiceField(label=gettext_lazy("Cả thành viên cũ"), required=False, choices=[("", "—"), ("1", "1")])
    year = forms.IntegerField(label=gettext_lazy("Năm"), required=False, min_value=2015, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_list_options()


class LoanDayForm(forms.Form):
    """`on`: the day a loan's position is computed for (none: today), as dd/mm/yyyy (or YYYY-MM-DD);
    shared by the loan pages and the loans API."""

    on = DateField(label=gettext_lazy("Tính đến ngày"), required=False)

    def clean_on(self):
        return self.cleaned_data.get("on") or timezone.localdate()


class LoanFilterForm(ListOptionsMixin, LoanDayForm):
    FORMATS = ("xlsx",)
    q = forms.CharField(label=gettext_lazy("Tìm kiếm"), required=False, max_length=100)
    status = forms.ChoiceField(label=gettext_lazy("Tình trạng"), required=False, choices=[("", "—"), *LoanStatus.LABELS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_list_options()


class PolicyListForm(ListOptionsMixin, forms.Form):
    FORMATS = ("xlsx",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_list_options()
        del self.fields["page"]


class ImportQueryForm(forms.Form):
    """The import page's kind of sheet (none: support records) and `template=1` for the blank template."""

    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), required=False)
    template = forms.ChoiceField(label=gettext_lazy("Tệp mẫu"), required=False, choices=[("", "—"), ("1", "1")])

    def __init__(self, *args, **kwargs):
        from support import xlsx_import  # it imports this module (organizations_for_recording)

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *xlsx_import.KIND_LABELS.items()]
        self.default_kind = xlsx_import.RECORDS

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.default_kind


class ImportUploadForm(forms.Form):
    """A workbook of support records or activities for the import pipeline (its size limit is the
    pipeline's, from settings)."""

    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"))
    file = forms.FileField(label=gettext_lazy("Tệp (xlsx, xls, ods, csv)"))

    def __init__(self, *args, **kwargs):
        from support import xlsx_import  # it imports this module (organizations_for_recording)

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(xlsx_import.KIND_LABELS.items())

    def clean_file(self):
        return limited_upload(self.cleaned_data["file"])
