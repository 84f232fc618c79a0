from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from imports.kinds import UPLOAD_CHOICES
from imports.models import ImportBatch, ImportRow


class ImportRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRow
        fields = [
            "id",
            "sheet",
            "row_number",
            "action",
            "errors",
            "warnings",
            "diff",
            "target_id",
            "duplicate_of",
            "decision",
            "result",
        ]


class ImportBatchSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "kind",
            "status",
            "message",
            "notices",
            "file_name",
            "file_hash",
            "file_size",
            "file_format",
            "created_by",
            "created_at",
            "rows_total",
            "rows_read",
            "rows_validated",
            "rows_written",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
            "review_count",
            "committed_at",
            "undone_at",
        ]
        read_only_fields = fields


class ImportBatchDetailSerializer(ImportBatchSerializer):
    rejected_rows = serializers.SerializerMethodField()

    class Meta(ImportBatchSerializer.Meta):
        fields = [*ImportBatchSerializer.Meta.fields, "rejected_rows"]
        read_only_fields = fields

    def get_rejected_rows(self, batch) -> list[dict]:
        rows = batch.rows.filter(action__in=["reject", "review"])[:500]
        return ImportRowSerializer(rows, many=True).data


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=UPLOAD_CHOICES, label=_("Loại dữ liệu"))
    file = serializers.FileField(label=_("Tệp bảng tính"))


class CommitSerializer(serializers.Serializer):
    valid_only = serializers.BooleanField(default=False, label=_("Chỉ ghi các dòng hợp lệ"))
