from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.kinds import UPLOAD_CHOICES
from imports.permissions import can_import


def limited_upload(upload):
    """An uploaded file within the pipeline's size limit (settings), for every kind's upload form."""
    if upload.size > settings.HOPTAC_IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": upload.size // 2**20, "limit": settings.HOPTAC_IMPORT_MAX_BYTES // 2**20}
        )
    if upload.size == 0:
        raise forms.ValidationError(_("Tệp rỗng: không có dữ liệu để nhập."))
    return upload


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), choices=UPLOAD_CHOICES)
    file = forms.FileField(
        label=gettext_lazy("Tệp bảng tính"),
        help_text=gettext_lazy("XLSX, XLS (Excel 97–2003), ODS hoặc CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )

    year = forms.IntegerField(
        label=gettext_lazy("Năm báo cáo"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Chỉ cần khi bảng tính không ghi năm (trong tiêu đề, cột Năm hay tên tệp)."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self.fields["kind"].choices = [(k, label) for k, label in UPLOAD_CHOICES if can_import(user, k)]

    def clean_file(self):
        return limited_upload(self.cleaned_data["file"])


class CommitForm(forms.Form):
    valid_only = forms.BooleanField(label=gettext_lazy("Chỉ ghi các dòng hợp lệ, bỏ qua các dòng bị từ chối"), required=False)


class ReportExportForm(forms.Form):
    """The annual-report export's `year` (none: every year, or the list filter `report_year`)."""

    year = forms.IntegerField(label=gettext_lazy("Năm"), required=False, min_value=2000, max_value=2100)
