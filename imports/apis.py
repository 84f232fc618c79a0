"""REST endpoints for import batches: list, detail, upload, commit, undo (same services as the pages)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from imports import selectors, services
from imports.models import ImportBatch
from imports.serializers import CommitSerializer, ImportBatchDetailSerializer, ImportBatchSerializer, UploadSerializer


def _batch(request, pk) -> ImportBatch:
    try:
        return selectors.batch_get(user=request.user, pk=pk)
    except ImportBatch.DoesNotExist as error:
        raise Http404 from error


class BatchListApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ImportBatchSerializer(many=True), operation_id="import_batches_list")
    def get(self, request):
        batches = selectors.batches_visible_to(request.user)[:200]
        return Response(ImportBatchSerializer(batches, many=True).data)

    @extend_schema(request=UploadSerializer, responses={201: ImportBatchSerializer}, operation_id="import_batches_upload")
    def post(self, request):
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        content = upload.read()
        try:
            batch = services.batch_upload(
                actor=request.user, kind=serializer.validated_data["kind"], content=content, file_name=upload.name
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        services.batch_start(batch=batch, content=content)
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class BatchDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ImportBatchDetailSerializer, operation_id="import_batches_retrieve")
    def get(self, request, pk):
        return Response(ImportBatchDetailSerializer(_batch(request, pk)).data)


class BatchCommitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CommitSerializer, responses=ImportBatchSerializer, operation_id="import_batches_commit")
    def post(self, request, pk):
        batch = _batch(request, pk)
        serializer = CommitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            batch = services.batch_commit(actor=request.user, batch=batch, valid_only=serializer.validated_data["valid_only"])
        except services.ImportRefused as refusal:
            raise ApiValidationError({"detail": refusal.messages}) from refusal
        return Response(ImportBatchSerializer(batch).data)


class BatchUndoApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ImportBatchSerializer, operation_id="import_batches_undo")
    def post(self, request, pk):
        batch = _batch(request, pk)
        try:
            batch = services.batch_undo(actor=request.user, batch=batch)
        except services.ImportRefused as refusal:
            raise ApiValidationError({"detail": refusal.messages}) from refusal
        return Response(ImportBatchSerializer(batch).data)
