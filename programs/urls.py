from django.urls import path

from programs import imports_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program_list"),
    path("moi/", views.program_create, name="program_create"),
    path("nhap-quyet-dinh/", imports_views.decision_import, name="decision_import"),
    path("nhap/lo/<int:pk>/co-quan/", imports_views.agency_answer, name="import_agency_answer"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
    path("<int:pk>/sua/", views.program_edit, name="program_edit"),
    path("<int:pk>/nhom/", views.group_add, name="group_add"),
    path("<int:pk>/nhiem-vu/moi/", views.task_create, name="task_create"),
    path("<int:pk>/nhap-bang-nhiem-vu/", imports_views.task_import, name="task_import"),
    path("<int:pk>/bao-cao-tong-hop.<str:fmt>", views.consolidated, name="consolidated"),
    path("<int:pk>/bao-cao-tong-hop.<str:fmt>/lap/", views.consolidated_request, name="consolidated_request"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("phan-cong/<int:assignment_pk>/ky/<str:period>/", views.report_open, name="report_open"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/gui/", views.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/tra-lai/", views.report_return, name="report_return"),
    path("bao-cao/<int:pk>/duyet/", views.report_approve, name="report_approve"),
    path("bao-cao/<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("viec-cua-toi/", views.inbox, name="inbox"),
    path("thong-bao/", views.notifications, name="notifications"),
]
