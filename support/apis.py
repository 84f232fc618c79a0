"""REST endpoints (/api/v1/ho-tro/...): the same services and selectors as the pages."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import version_of
from core.filters import id_filter
from core.query import api_cleaned_query
from registry.filters import year_filter
from support import selectors, services
from support.forms import LoanDayForm
from support.loans import ScheduleRow, loan_position
from support.models import (
    ACTIVITY_INPUT_FIELDS,
    RECORD_INPUT_FIELDS,
    Activity,
    AllianceMembership,
    AllianceService,
    FundLoan,
    LoanInstallment,
    LoanRepayment,
    SupportPolicy,
    SupportRecord,
)
from support.policies import POLICY_FIELDS


class ServiceWritesMixin:
    """Create/update through a service `save(actor, instance, expected_version)`; deletes through `delete`."""

    save_service = None
    delete_service = None

    def _save(self, serializer, instance):
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        # An update must say which version it read (428 without it, 409 if stale).
        expected = version_of(serializer.initial_data) if instance.pk else None
        saved = type(self).save_service(actor=self.request.user, instance=instance, expected_version=expected)
        serializer.instance = saved

    def perform_create(self, serializer):
        self._save(serializer, serializer.Meta.model())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        type(self).delete_service(actor=self.request.user, instance=instance)


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportPolicy
        fields = ["id", "code", *POLICY_FIELDS]


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Support policies (public data: legal texts and their periods)."""

    serializer_class = PolicySerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["support_type", "funding_source", "verification"]

    def get_queryset(self):
        return selectors.policy_list()


class RecordFilter(django_filters.FilterSet):
    year = year_filter("Năm", field_name="supported_on", lookup_expr="year")
    support_type = django_filters.CharFilter(field_name="policy__support_type", label="Nội dung hỗ trợ")
    commune = id_filter(field_name="organization__commune", label="Xã, phường")

    class Meta:
        model = SupportRecord
        fields = ["year", "support_type", "policy", "organization", "agency", "commune", "task"]


class RecordSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    support_type = serializers.CharField(source="policy.support_type", read_only=True)

    class Meta:
        model = SupportRecord
        fields = ["id", *RECORD_INPUT_FIELDS, "organization_name", "support_type", "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"agency": {"required": False}}
        validators = []  # uniqueness is checked by the service (one message, in Vietnamese)


def _record_save(*, actor, instance, expected_version):
    return services.support_record_save(actor=actor, record=instance, expected_version=expected_version)


def _record_delete(*, actor, instance):
    services.support_record_delete(actor=actor, record=instance)


class RecordViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Support records: what each organization received, under which policy, from which agency."""

    serializer_class = RecordSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = RecordFilter
    save_service = _record_save
    delete_service = _record_delete

    def get_queryset(self):
        return selectors.records_visible_to(self.request.user).select_related("organization", "policy")


class ActivityFilter(django_filters.FilterSet):
    year = year_filter("Năm", field_name="started_on", lookup_expr="year")

    class Meta:
        model = Activity
        fields = ["year", "kind", "agency", "commune", "task"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", *ACTIVITY_INPUT_FIELDS, "province", "version"]
        read_only_fields = ["province", "version"]
        extra_kwargs = {"agency": {"required": False}}
        validators = []


def _activity_save(*, actor, instance, expected_version):
    return services.activity_save(actor=actor, activity=instance, expected_version=expected_version)


def _activity_delete(*, actor, instance):
    services.activity_delete(actor=actor, activity=instance)


class ActivityViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Awareness and training activities."""

    serializer_class = ActivitySerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ActivityFilter
    save_service = _activity_save
    delete_service = _activity_delete

    def get_queryset(self):
        return selectors.activities_visible_to(self.request.user).select_related("agency")


class MembershipSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = AllianceMembership
        fields = ["id", "organization", "organization_name", "joined_on", "left_on", "decision_ref", "note", "version"]
        read_only_fields = ["version"]
        validators = []


def _membership_save(*, actor, instance, expected_version):
    return services.membership_save(actor=actor, membership=instance, expected_version=expected_version)


class MembershipViewSet(ServiceWritesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Members of the provincial Cooperative Alliance (managed by Alliance officers)."""

    serializer_class = MembershipSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["organization"]
    save_service = _membership_save

    def get_queryset(self):
        return selectors.memberships_visible_to(self.request.user)


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllianceService
        fields = ["id", "organization", "kind", "provided_on", "description", "fee", "version"]
        read_only_fields = ["version"]


def _service_save(*, actor, instance, expected_version):
    return services.service_save(actor=actor, service=instance, expected_version=expected_version)


class ServiceViewSet(ServiceWritesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Services the Alliance provided (consulting, legal advice, training, market connection)."""

    serializer_class = ServiceSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["organization", "kind"]
    save_service = _service_save

    def get_queryset(self):
        return selectors.services_visible_to(self.request.user)


class InstallmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanInstallment
        fields = ["due_on", "principal", "interest"]


class RepaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanRepayment
        fields = ["id", "paid_on", "principal", "interest"]
        extra_kwargs = {"principal": {"required": True}}


class PositionSerializer(serializers.Serializer):
    day = serializers.DateField()
    outstanding = serializers.IntegerField()
    principal_paid = serializers.IntegerField()
    interest_paid = serializers.IntegerField()
    principal_due = serializers.IntegerField()
    overdue_principal = serializers.IntegerField()
    days_overdue = serializers.IntegerField()
    status = serializers.CharField()


class LoanSerializer(serializers.ModelSerializer):
    schedule = InstallmentSerializer(many=True)
    repayments = RepaymentSerializer(many=True, read_only=True)
    position = serializers.SerializerMethodField()

    class Meta:
        model = FundLoan
        fields = [
            "id",
            "contract_no",
            "borrower",
            "principal",
            "annual_rate",
            "term_months",
            "disbursed_on",
            "purpose",
            "schedule",
            "repayments",
            "position",
        ]
        validators = []
        extra_kwargs = {"contract_no": {"validators": []}}

    @extend_schema(responses=PositionSerializer)
    def get_position(self, loan) -> dict:
        day = self.context.get("day") or timezone.localdate()
        return PositionSerializer(loan_position(loan, day)).data


class LoanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Loans of the cooperative development fund, with schedule, repayments and position at `?on=YYYY-MM-DD`."""

    serializer_class = LoanSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["borrower"]

    def get_queryset(self):
        return selectors.loans_visible_to(self.request.user).prefetch_related("schedule", "repayments")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # The loan pages' form: no day is today, a wrong one a 400 naming `on`.
        context["day"] = api_cleaned_query(LoanDayForm(self.request.query_params))["on"]
        return context

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        schedule = [ScheduleRow(row["due_on"], row["principal"], row.get("interest", 0)) for row in data.pop("schedule")]
        serializer.instance = services.loan_create(actor=self.request.user, loan=FundLoan(**data), schedule=schedule)

    @extend_schema(request=RepaymentSerializer, responses=RepaymentSerializer)
    @action(detail=True, methods=["post"])
    def repayments(self, request, pk=None):
        """Record a repayment (Alliance officers)."""
        loan = self.get_object()
        # Who may record comes before what was sent: a refused user learns nothing from validation.
        services.repayment_refuse_unless_allowed(actor=request.user, loan=loan)
        serializer = RepaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        repayment = services.repayment_add(actor=request.user, loan=loan, **serializer.validated_data)
        return Response(RepaymentSerializer(repayment).data, status=status.HTTP_201_CREATED)
