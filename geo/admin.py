from django.contrib import admin

from geo.models import AdminUnit, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "edition", "level", "province", "valid_from", "valid_to")
    list_filter = ("edition", "level")
    search_fields = ("code", "name", "name_key")
    raw_id_fields = ("parent", "province")


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("old_unit", "new_unit", "is_primary", "effective_on")
    raw_id_fields = ("old_unit", "new_unit")
