"""REST API of the registry (/api/v1/): the same selectors, services and permissions as the pages.

Reads are scoped by `registry.selectors` (an organization outside the user's area is a 404);
writes go through `registry.services`, which check permission (403) and validate (400, with the
field named); core.api.exception_handler turns their errors into responses. An update must carry
the `version` it read (428 without it); a stale one is a 409 Conflict.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as drf_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.validators import UniqueValidator

from core.api import VersionField, version_of
from geo.models import AdminUnit, Edition, Level
from registry import services
from registry.filters import SORTS, OrganizationFilterSet, search_filter, sort_organizations
from registry.models import REPORT_FIGURES, AnnualReport, Member, Organization, Status, StatusEvent
from registry.selectors import (
    PUBLISHED_FIELDS,
    annual_reports_visible_to,
    members_visible_to,
    organizations_visible_to,
    status_events_visible_to,
)


class VersionedSerializerMixin(serializers.Serializer):
    version = VersionField()


STATUS_SCHEMA = {
    "type": "string",
    "enum": list(Status.values),
    "description": "; ".join(f"`{value}`: {label}" for value, label in Status.choices),
}


@extend_schema_field(STATUS_SCHEMA)
class StatusField(serializers.ChoiceField):
    """A registry status (one enum in the schema, whether it is an event's or the current one)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Status.choices, **kwargs)


@extend_schema_field({"type": "string", "readOnly": True, "description": STATUS_SCHEMA["description"]})
class CurrentStatusField(serializers.CharField):
    """The derived current status (read-only; values as in StatusEnum)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


def _current_communes():
    return AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE)


def _legacy_communes():
    return AdminUnit.objects.filter(edition=Edition.LEGACY, level=Level.COMMUNE)


class OrganizationSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    commune = serializers.PrimaryKeyRelatedField(queryset=_current_communes(), label=gettext_lazy("Xã, phường (hiện hành)"))
    legacy_commune = serializers.PrimaryKeyRelatedField(
        queryset=_legacy_communes(), required=False, allow_null=True, label=gettext_lazy("Xã, phường trước 01/7/2025")
    )
    commune_name = serializers.CharField(source="commune.full_name", read_only=True)
    field = serializers.ChoiceField(choices=Organization._meta.get_field("field").choices, required=False, allow_blank=True)
    current_status = CurrentStatusField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "is_credit_fund",
            "registration_code",
            "name",
            "short_name",
            "english_name",
            "address",
            "commune",
            "commune_name",
            "legacy_commune",
            "province",
            "field",
            "vsic_code",
            "main_business",
            "founded_on",
            "registered_on",
            "legal_representative",
            "representative_title",
            "charter_capital",
            "phone",
            "email",
            "website",
            "current_status",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["province", "current_status", "created_at", "updated_at"]
        # Uniqueness of the code is checked by the service (one message for pages, API, imports).
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        code = fields["registration_code"]
        code.validators = [v for v in code.validators if not isinstance(v, UniqueValidator)]
        return fields


class PublicOrganizationSerializer(serializers.ModelSerializer):
    """What anonymous readers get: the published fields only."""

    commune_name = serializers.CharField(source="commune.full_name", read_only=True)
    current_status = CurrentStatusField()

    class Meta:
        model = Organization
        fields = [*PUBLISHED_FIELDS, "commune_name"]
        read_only_fields = fields


class VisibleOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organization referenced by id, among those the caller may see: an id outside the caller's
    area is answered exactly as an id that does not exist (400 "Invalid pk"), so that the answer does
    not tell whether it exists."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return organizations_visible_to(request.user)


class StatusEventSerializer(serializers.ModelSerializer):
    organization = VisibleOrganizationField(label=gettext_lazy("Tổ chức"))
    status = StatusField(label=gettext_lazy("Tình trạng"))

    class Meta:
        model = StatusEvent
        fields = ["id", "organization", "status", "effective_on", "ends_on", "decision_ref", "note", "created_at"]
        read_only_fields = ["created_at"]


class MemberSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    organization = VisibleOrganizationField(label=gettext_lazy("Tổ chức"))
    member_organization = VisibleOrganizationField(required=False, allow_null=True, label=gettext_lazy("Tổ chức thành viên"))

    class Meta:
        model = Member
        fields = [
            "id",
            "organization",
            "kind",
            "member_type",
            "name",
            "identifier",
            "member_organization",
            "capital_contribution",
            "joined_on",
            "left_on",
            "version",
        ]
        validators = []


class AnnualReportSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    organization = VisibleOrganizationField(label=gettext_lazy("Tổ chức"))
    confirm_warnings = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=gettext_lazy("Gửi true để xác nhận các biến động bất thường so với năm trước (nếu không, trả về 400)."),
    )

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "organization",
            "year",
            *REPORT_FIGURES,
            "confirmed_warnings",
            "submitted_at",
            "version",
            "confirm_warnings",
        ]
        read_only_fields = ["confirmed_warnings", "submitted_at"]
        validators = []


class _ChildViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Members, status events and reports: signed-in users only, scoped to visible organizations."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [drf_filters.DjangoFilterBackend]


organization_sort = OpenApiParameter(
    "sort",
    OpenApiTypes.STR,
    description=str(gettext_lazy("Sắp xếp: %(keys)s; thêm “-” phía trước để giảm dần.") % {"keys": ", ".join(SORTS)}),
    enum=[*SORTS, *(f"-{k}" for k in SORTS)],
)


@extend_schema_view(list=extend_schema(parameters=[organization_sort]))
class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Organizations the caller may see; anonymous callers get operating ones, published fields only."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filter_backends = [drf_filters.DjangoFilterBackend]
    filterset_class = OrganizationFilterSet
    queryset = Organization.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        organizations = organizations_visible_to(self.request.user).select_related("commune")
        if self.action == "list":
            params = self.request.query_params
            return sort_organizations(organizations, params.get("sort"), params.get("q"))
        return organizations

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or self.request.user.is_authenticated:
            return OrganizationSerializer
        return PublicOrganizationSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.organization_create(actor=self.request.user, organization=Organization(**data))

    def perform_update(self, serializer):
        organization = serializer.instance
        data = dict(serializer.validated_data)
        version = version_of(data)
        data.pop("version")
        for name, value in data.items():
            setattr(organization, name, value)
        services.organization_update(actor=self.request.user, organization=organization, expected_version=version)


class MemberFilterSet(drf_filters.FilterSet):
    q = drf_filters.CharFilter(label=gettext_lazy("Tìm theo tên, số định danh"), method="filter_search")
    active_on = drf_filters.DateFilter(label=gettext_lazy("Là thành viên vào ngày"), method="filter_active_on")

    class Meta:
        model = Member
        fields = ["organization", "kind", "member_type"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_filter(value))

    def filter_active_on(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=value)).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=value)
        )


class MemberViewSet(_ChildViewSet):
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    queryset = Member.objects.none()

    def get_queryset(self):
        return members_visible_to(self.request.user).order_by("organization_id", "name", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.member_save(actor=self.request.user, member=Member(**data))

    def perform_update(self, serializer):
        member = serializer.instance
        data = dict(serializer.validated_data)
        version = version_of(data)
        data.pop("version")
        if "organization" in data and data["organization"].pk != member.organization_id:
            raise exceptions.ValidationError({"organization": [_("Không thể chuyển thành viên sang tổ chức khác.")]})
        for name, value in data.items():
            setattr(member, name, value)
        services.member_save(actor=self.request.user, member=member, expected_version=version)


class StatusEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Status events are appended, never edited: a correction is a newer event."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [drf_filters.DjangoFilterBackend]
    filterset_fields = ["organization", "status"]
    serializer_class = StatusEventSerializer
    queryset = StatusEvent.objects.none()

    def get_queryset(self):
        return status_events_visible_to(self.request.user).order_by("organization_id", "effective_on", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        serializer.instance = services.status_event_add(actor=self.request.user, organization=organization, **data)


class AnnualReportViewSet(_ChildViewSet):
    serializer_class = AnnualReportSerializer
    filterset_fields = ["organization", "year"]
    queryset = AnnualReport.objects.none()

    def get_queryset(self):
        return annual_reports_visible_to(self.request.user).order_by("organization_id", "-year", "pk")

    def _save(self, serializer, report, version):
        confirmed = serializer.validated_data.get("confirm_warnings", False)
        try:
            return services.annual_report_save(
                actor=self.request.user, report=report, expected_version=version, confirmed=confirmed
            )
        except services.UnconfirmedWarnings as error:
            detail = {w.field: [w.message] for w in error.warnings}
            detail["confirm_warnings"] = [
                _("Có biến động bất thường so với năm trước: kiểm tra lại hoặc gửi confirm_warnings=true.")
            ]
            raise exceptions.ValidationError(detail, code="unconfirmed_warning")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        data.pop("confirm_warnings", None)
        serializer.instance = self._save(serializer=serializer, report=AnnualReport(**data), version=None)

    def perform_update(self, serializer):
        report = serializer.instance
        data = dict(serializer.validated_data)
        version = version_of(data)
        data.pop("version")
        data.pop("confirm_warnings", None)
        if "organization" in data and data["organization"].pk != report.organization_id:
            raise exceptions.ValidationError({"organization": [_("Không thể chuyển báo cáo sang tổ chức khác.")]})
        for name, value in data.items():
            setattr(report, name, value)
        self._save(serializer=serializer, report=report, version=version)
