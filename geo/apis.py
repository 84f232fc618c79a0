"""Read-only REST API of the geography (/api/v1/admin-units/, /api/v1/unit-successions/). Public."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets

from core.filters import id_filter
from geo.models import AdminUnit, Edition, Level, UnitSuccession
from geo.selectors import words_filter


class AdminUnitFilterSet(django_filters.FilterSet):
    edition = django_filters.ChoiceFilter(
        choices=Edition.choices, help_text=_("Bộ mã: 2025 (hiện hành) hoặc legacy (trước 01/7/2025).")
    )
    level = django_filters.ChoiceFilter(choices=Level.choices, help_text=_("Cấp: province, district (chỉ bộ mã cũ), commune."))
    province = id_filter(field_name="province_id", help_text=_("ID của tỉnh chứa đơn vị."))
    province_code = django_filters.CharFilter(field_name="province__code", help_text=_("Mã GSO của tỉnh chứa đơn vị."))
    parent = id_filter(field_name="parent_id", help_text=_("ID của đơn vị cấp trên trực tiếp."))
    code = django_filters.CharFilter(help_text=_("Mã GSO của đơn vị (có thể trùng giữa hai bộ mã)."))
    q = django_filters.CharFilter(method="filter_q", help_text=_("Tìm theo tên, không phân biệt dấu, hoa thường."))

    class Meta:
        model = AdminUnit
        fields = ["edition", "level", "province", "province_code", "parent", "code", "q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(words_filter(value)) if value.strip() else queryset


class AdminUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "edition",
            "level",
            "code",
            "name",
            "unit_type",
            "full_name",
            "former_name",
            "parent",
            "province",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
        ]
        read_only_fields = fields


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "edition", "level", "code", "full_name"]
        read_only_fields = fields


class AdminUnitDetailSerializer(AdminUnitSerializer):
    successors = serializers.SerializerMethodField(help_text=_("Đơn vị hiện hành kế thừa (với đơn vị trước 01/7/2025)."))
    predecessors = serializers.SerializerMethodField(help_text=_("Đơn vị trước 01/7/2025 đã nhập vào (với đơn vị hiện hành)."))

    class Meta(AdminUnitSerializer.Meta):
        fields = [*AdminUnitSerializer.Meta.fields, "successors", "predecessors"]
        read_only_fields = fields

    def get_successors(self, unit) -> list[dict]:
        return [
            {**UnitBriefSerializer(s.new_unit).data, "is_primary": s.is_primary}
            for s in unit.successions.select_related("new_unit")
        ]

    def get_predecessors(self, unit) -> list[dict]:
        return [
            {**UnitBriefSerializer(s.old_unit).data, "is_primary": s.is_primary}
            for s in unit.predecessions.select_related("old_unit").order_by("old_unit__code")
        ]


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Đơn vị hành chính của cả hai bộ mã (từ 01/7/2025 và trước đó). Công khai, chỉ đọc."""

    permission_classes = [permissions.AllowAny]
    queryset = AdminUnit.objects.order_by("edition", "level", "code")
    filterset_class = AdminUnitFilterSet

    def get_serializer_class(self):
        return AdminUnitDetailSerializer if self.action == "retrieve" else AdminUnitSerializer


class UnitSuccessionFilterSet(django_filters.FilterSet):
    old_unit = id_filter(field_name="old_unit_id", help_text=_("ID của đơn vị cũ."))
    new_unit = id_filter(field_name="new_unit_id", help_text=_("ID của đơn vị mới."))
    level = django_filters.ChoiceFilter(field_name="old_unit__level", choices=Level.choices, help_text=_("Cấp của đơn vị cũ."))
    new_province = id_filter(field_name="new_unit__province_id", help_text=_("ID của tỉnh hiện hành."))
    old_province = id_filter(field_name="old_unit__province_id", help_text=_("ID của tỉnh cũ."))
    is_primary = django_filters.BooleanFilter(help_text=_("Chỉ dòng kế thừa chính."))

    class Meta:
        model = UnitSuccession
        fields = ["old_unit", "new_unit", "level", "new_province", "old_province", "is_primary"]


class UnitSuccessionSerializer(serializers.ModelSerializer):
    old_unit = UnitBriefSerializer(read_only=True)
    new_unit = UnitBriefSerializer(read_only=True)

    class Meta:
        model = UnitSuccession
        fields = ["id", "old_unit", "new_unit", "is_primary", "effective_on", "source"]
        read_only_fields = fields


class UnitSuccessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Bảng chuyển đổi đơn vị hành chính cũ → mới (01/7/2025); `is_primary` đánh dấu đơn vị kế thừa chính. Công khai, chỉ đọc."""

    permission_classes = [permissions.AllowAny]
    queryset = UnitSuccession.objects.select_related("old_unit", "new_unit").order_by("old_unit__code", "new_unit__code")
    serializer_class = UnitSuccessionSerializer
    filterset_class = UnitSuccessionFilterSet
