"""REST API (/api/v1/indicators/…): the same selectors and tables as the pages (targets and plan
versus actual: `indicators.targets.apis`)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.query import api_cleaned_query
from indicators import exports
from indicators.computations import BREAKDOWNS, ComputationUnavailable
from indicators.computations.common import today
from indicators.forms import PivotForm
from indicators.models import Indicator, Target
from indicators.selectors import indicator_get, indicator_list
from indicators.tables import cross_table, suppress


class TargetSerializer(serializers.ModelSerializer):
    scope_unit = serializers.CharField(source="scope_unit.full_name", default=None, read_only=True)
    scope_code = serializers.CharField(source="scope_unit.code", default=None, read_only=True)

    class Meta:
        model = Target
        fields = (
            "scope_level",
            "scope_unit",
            "scope_code",
            "start_year",
            "year",
            "value_min",
            "value_max",
            "accumulation",
            "document",
            "document_date",
            "verification",
            "note",
        )


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = (
            "code",
            "name",
            "name_en",
            "group",
            "unit",
            "definition",
            "numerator",
            "denominator",
            "population",
            "higher_is_better",
            "method",
            "computation",
            "source",
            "is_published",
        )


class IndicatorDetailSerializer(IndicatorSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta(IndicatorSerializer.Meta):
        fields = (*IndicatorSerializer.Meta.fields, "parameters", "targets")


SCOPE = OpenApiParameter("scope", str, description="“country” hoặc id đơn vị hành chính; trống: địa bàn mặc định của người dùng")
YEAR = OpenApiParameter("year", int, description="Năm (mặc định: năm hiện tại)")


class IndicatorListApi(ListAPIView):
    """Indicators of the catalogue (the public sees published ones only)."""

    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return indicator_list(user=self.request.user)


class IndicatorDetailApi(APIView):
    @extend_schema(responses=IndicatorDetailSerializer)
    def get(self, request, code: str):
        try:
            indicator = indicator_get(user=request.user, code=code)
        except Indicator.DoesNotExist:
            raise Http404 from None
        return Response(IndicatorDetailSerializer(indicator).data)


class CellSerializer(serializers.Serializer):
    row = serializers.CharField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    value = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    organizations = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
    display = serializers.CharField()


class IndicatorValuesApi(APIView):
    """An indicator's values for a year and place, split by up to two breakdowns (rows, cols:
    province, commune, kind, field, size_class, year). Totals have row or column null. For the
    public, small cells are suppressed (value null, display “<3”)."""

    @extend_schema(
        parameters=[
            YEAR,
            SCOPE,
            OpenApiParameter("rows", str, enum=list(BREAKDOWNS)),
            OpenApiParameter("cols", str, enum=list(BREAKDOWNS)),
        ],
        responses=inline_serializer(
            "IndicatorValues",
            {
                "indicator": serializers.CharField(),
                "year": serializers.IntegerField(),
                "scope": serializers.CharField(),
                "rows": serializers.CharField(allow_null=True),
                "cols": serializers.CharField(allow_null=True),
                "unit": serializers.CharField(),
                "suppression_threshold": serializers.IntegerField(allow_null=True),
                "labels": serializers.DictField(child=serializers.CharField()),
                "cells": CellSerializer(many=True),
            },
        ),
    )
    def get(self, request, code: str):
        try:
            indicator = indicator_get(user=request.user, code=code)
        except Indicator.DoesNotExist:
            raise Http404 from None
        # The pivot page's form: the indicator is the one of the URL.
        form = PivotForm(
            {**request.query_params.dict(), "indicator": code},
            user=request.user,
            default_year=today().year,
            indicators=[indicator],
        )
        query = api_cleaned_query(form)
        if unavailable := form.unavailable_axes():
            raise serializers.ValidationError({name: [message] for name, message in unavailable.items()})
        access, year, row_by, col_by = query["access"], query["year"], query["rows"], query["cols"]
        try:
            table = cross_table(indicator, year=year, scope=access.scope, row_by=row_by, col_by=col_by)
        except ComputationUnavailable:
            raise Http404(f"Phép tính “{indicator.computation}” chưa có.") from None
        if access.threshold:
            suppress(table, threshold=access.threshold)
        labels = exports.key_labels([table])
        cells = []
        for (row_key, col_key), cell in sorted(table.cells.items(), key=lambda item: str(item[0])):
            cells.append(
                {
                    "row": None if row_key is None else str(row_key),
                    "column": None if col_key is None else str(col_key),
                    "value": None if cell.suppressed else cell.value,
                    "organizations": None if cell.suppressed else cell.n,
                    "suppressed": cell.suppressed,
                    "display": exports.cell_text(table, cell),
                }
            )
        return Response(
            {
                "indicator": indicator.code,
                "year": year,
                "scope": access.scope.label,
                "rows": row_by,
                "cols": col_by,
                "unit": indicator.get_unit_display(),
                "suppression_threshold": access.threshold,
                "labels": {f"{axis}:{key}": label for (axis, key), label in labels.items()},
                "cells": cells,
            }
        )
