from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.models import AnnualReport, Member, Organization, StatusEvent


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "registration_code", "commune", "current_status")
    list_filter = ("kind", "field", "current_status")
    search_fields = ("name", "registration_code", "search_text")
    raw_id_fields = ("commune", "legacy_commune", "representatives")


@admin.register(StatusEvent)
class StatusEventAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "status", "effective_on", "ends_on")
    raw_id_fields = ("organization",)


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organization", "kind", "member_type", "joined_on", "left_on")
    raw_id_fields = ("organization", "member_organization")


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "year", "members_official", "revenue")
    list_filter = ("year",)
    raw_id_fields = ("organization",)
