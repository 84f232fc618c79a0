from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from support.models import (
    Activity,
    AllianceMembership,
    AllianceService,
    FundLoan,
    LoanInstallment,
    LoanRepayment,
    SupportPolicy,
    SupportRecord,
)


@admin.register(SupportPolicy)
class SupportPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "legal_basis", "support_type", "funding_source", "valid_from", "valid_to", "verification")
    list_filter = ("support_type", "funding_source", "verification")
    search_fields = ("code", "name", "legal_basis")


@admin.register(SupportRecord)
class SupportRecordAdmin(SimpleHistoryAdmin):
    list_display = ("supported_on", "organization", "policy", "amount", "agency")
    list_filter = ("policy__support_type", "agency")
    raw_id_fields = ("organization", "created_by")
    date_hierarchy = "supported_on"


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("started_on", "title", "kind", "agency", "participants")
    list_filter = ("kind", "agency")
    raw_id_fields = ("commune", "created_by")
    search_fields = ("title", "search_text")


@admin.register(AllianceMembership)
class AllianceMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "joined_on", "left_on")
    raw_id_fields = ("organization",)


@admin.register(AllianceService)
class AllianceServiceAdmin(SimpleHistoryAdmin):
    list_display = ("provided_on", "organization", "kind", "fee")
    list_filter = ("kind",)
    raw_id_fields = ("organization", "created_by")


class InstallmentInline(admin.TabularInline):
    model = LoanInstallment
    extra = 0


class RepaymentInline(admin.TabularInline):
    model = LoanRepayment
    extra = 0
    raw_id_fields = ("created_by",)


@admin.register(FundLoan)
class FundLoanAdmin(SimpleHistoryAdmin):
    list_display = ("contract_no", "borrower", "principal", "annual_rate", "term_months", "disbursed_on")
    raw_id_fields = ("borrower", "created_by")
    inlines = [InstallmentInline, RepaymentInline]
