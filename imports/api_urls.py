from django.urls import path

from imports import apis

urlpatterns = [
    path("import-batches/", apis.BatchListApi.as_view(), name="import-batch-list"),
    path("import-batches/<int:pk>/", apis.BatchDetailApi.as_view(), name="import-batch-detail"),
    path("import-batches/<int:pk>/commit/", apis.BatchCommitApi.as_view(), name="import-batch-commit"),
    path("import-batches/<int:pk>/undo/", apis.BatchUndoApi.as_view(), name="import-batch-undo"),
]
