from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("them/", views.organization_create, name="organization_create"),
    path("<int:pk>/", views.organization_detail, name="organization_detail"),
    path("<int:pk>/sua/", views.organization_update, name="organization_update"),
    path("<int:pk>/tinh-trang/them/", views.status_event_create, name="status_event_create"),
    path("<int:pk>/thanh-vien/them/", views.member_edit, name="member_create"),
    path("<int:pk>/thanh-vien/<int:member_pk>/sua/", views.member_edit, name="member_update"),
    path("<int:pk>/bao-cao-nam/them/", views.annual_report_edit, name="annual_report_create"),
    path("<int:pk>/bao-cao-nam/<int:report_pk>/sua/", views.annual_report_edit, name="annual_report_update"),
]
