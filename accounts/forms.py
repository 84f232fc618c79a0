from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from accounts import selectors
from accounts.models import Agency, User
from accounts.permissions import grantable_roles
from core.forms import ModelForm, ModelMultipleChoiceField, ServiceFormMixin, VersionedForm, vietnamese_field_messages
from core.jurisdiction import is_admin
from core.query import page_field
from core.roles import Role
from core.widgets import SearchableSelect, SearchableSelectMultiple


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


PASSWORD_HELP = _(
    "Mật khẩu tạm thời, tối thiểu 8 ký tự, không quá phổ biến. Để trống để hệ thống tạo ngẫu nhiên; "
    "mật khẩu chỉ hiển thị một lần sau khi lưu."
)


def _password_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Mật khẩu mới"),
        required=False,
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        **kwargs,
    )


class AccountForm(VersionedForm):
    """An account as a manager sees it: identity, roles they may grant, places in their area."""

    roles = forms.MultipleChoiceField(label=_("Vai trò"), widget=forms.CheckboxSelectMultiple, required=False)
    organizations = ModelMultipleChoiceField(
        label=_("Tổ chức đại diện"),
        queryset=None,
        required=False,
        widget=SearchableSelectMultiple(),
        help_text=_("Chỉ dùng cho vai trò đại diện tổ chức kinh tế tập thể."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "position", "phone", "email", "agency", "province", "commune", "is_active"]
        widgets = {"agency": SearchableSelect(), "commune": SearchableSelect()}
        labels = {"username": _("Tên đăng nhập"), "email": _("Thư điện tử"), "is_active": _("Đang hoạt động")}
        help_texts = {
            "username": _("Chữ, số và các ký tự @ . + - _ (không dấu cách)."),
            "is_active": _("Bỏ chọn để khóa tài khoản (tài khoản không bị xóa)."),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["password"] = _password_field()
        else:
            self.initial["roles"] = list(self.instance.groups.values_list("name", flat=True))
            self.initial["organizations"] = list(self.instance.represented_organizations.values_list("pk", flat=True))
        self.fields["full_name"].required = True
        self.fields["roles"].choices = [(str(role), role.label) for role in grantable_roles(actor)]
        self.fields["province"].queryset = provinces = selectors.provinces_for_manager(actor)
        if self.instance.pk is None and not is_admin(actor) and len(provinces) == 1:
            self.initial["province"] = provinces[0].pk  # a province officer's new accounts are in their province
        self.fields["commune"].queryset = selectors.communes_for_manager(actor)
        self.fields["commune"].label_from_instance = lambda unit: (
            f"{unit.full_name} – {unit.province.full_name if unit.province else ''}"
        )
        self.fields["agency"].queryset = selectors.agencies_for_manager(actor)
        self.fields["organizations"].queryset = selectors.organizations_for_manager(actor)
        self.fields["organizations"].label_from_instance = lambda org: f"{org.name} – {org.commune.full_name}"
        vietnamese_field_messages(self)
        self.fields["roles"].widget.attrs["class"] = "form-check-input"
        self.fields["organizations"].widget.attrs["class"] = "form-select"


class PasswordSetForm(ServiceFormMixin, forms.Form):
    password = _password_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_field_messages(self)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's change form (current password checked, new one typed twice and validated) with
    Vietnamese labels and messages; a new password equal to the current one is refused, or a
    password someone else gave would stay in use."""

    error_messages = {
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Lưu ý mật khẩu phân biệt chữ hoa, chữ thường."),
        "password_mismatch": _("Hai lần nhập mật khẩu mới không giống nhau."),
        "password_unchanged": _("Mật khẩu mới phải khác mật khẩu hiện tại."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        # Django's help is an HTML list; the project's field template shows help as text.
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        vietnamese_field_messages(self)

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and password == self.cleaned_data.get("old_password"):
            raise forms.ValidationError(self.error_messages["password_unchanged"], code="password_unchanged")
        return password


class AgencyDocumentForm(ServiceFormMixin, ModelForm):
    class Meta:
        model = Agency
        fields = ("symbol", "place_name", "parent_authority", "recipients", "signer_on_behalf", "signer_title", "signer_name")
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip().upper()
        if symbol and not all(part.isalnum() for part in symbol.split("-")):
            raise forms.ValidationError(_("Ký hiệu chỉ gồm chữ, số và dấu gạch nối, ví dụ: STC, UBND, LMHTX."))
        return symbol


class AccountFilterForm(forms.Form):
    """Query parameters of the account list (core.query): search text, role, active or not, page."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Vai trò"), required=False, choices=[("", "—"), *((str(role), role.label) for role in Role)])
    active = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", "—"), ("1", _("Đang hoạt động")), ("0", _("Đã khóa"))]
    )
    page = page_field()
