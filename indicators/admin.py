from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, ManualValue, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    raw_id_fields = ("scope_unit",)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "unit", "method", "computation", "is_published")
    list_filter = ("method", "group", "is_published")
    search_fields = ("code", "name", "name_en")
    readonly_fields = ("published_by", "published_at")
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "scope_level", "scope_unit", "start_year", "year", "value_min", "value_max", "document")
    list_filter = ("scope_level", "accumulation", "document", "verification")
    raw_id_fields = ("scope_unit",)


@admin.register(ManualValue)
class ManualValueAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "year", "unit", "value", "source", "entered_by")
    list_filter = ("year",)
    raw_id_fields = ("unit",)
