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
