from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "commune")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_key")
    raw_id_fields = ("province", "commune")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "agency", "commune", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Cơ quan và địa bàn"), {"fields": ("full_name", "position", "phone", "agency", "province", "commune")}),
    )
    raw_id_fields = ("agency", "province", "commune")

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        # Saved (the admin redirects after a successful change) for someone else: as on the
        # account pages, a password given by another person must be replaced by its owner.
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            account = User.objects.get(pk=id)
            account.must_change_password = True
            account.save(update_fields=["must_change_password"])
        return response
