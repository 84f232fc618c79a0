from django.urls import path, re_path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("lo/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("lo/<int:pk>/ghi/", views.batch_commit, name="batch_commit"),
    path("lo/<int:pk>/hoan-tac/", views.batch_undo, name="batch_undo"),
    path("lo/<int:pk>/tao-to-chuc/", views.batch_create_missing, name="batch_create_missing"),
    path("lo/<int:pk>/cach-doc-cot/", views.mapping_confirm, name="mapping_confirm"),
    path("lo/<int:pk>/linh-vuc/", views.organization_fields, name="organization_fields"),
    path("lo/<int:pk>/dong/<int:row_pk>/quyet-dinh/", views.row_decide, name="row_decide"),
    path("lo/<int:pk>/loi.xlsx", views.error_workbook, name="error_workbook"),
    path("mau/<str:kind>.xlsx", views.template_download, name="template"),
    re_path(r"^xuat/to-chuc\.(?P<fmt>xlsx|csv)$", views.organizations_download, name="export_organizations"),
    re_path(r"^xuat/bao-cao-nam\.(?P<fmt>xlsx|csv)$", views.reports_download, name="export_reports"),
]
