from django.urls import path

from indicators import views
from indicators.targets import views as target_views

app_name = "indicators"
urlpatterns = [
    path("", target_views.plan_actual, name="plan_actual"),
    path("van-ban/", target_views.plan_actual_document, name="plan_actual_document"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("bang-tong-hop/", views.pivot, name="pivot"),
    path("muc-tieu/", target_views.targets, name="targets"),
    path("muc-tieu/them/", target_views.target_edit, name="target_create"),
    path("muc-tieu/<int:pk>/", target_views.target_edit, name="target_update"),
    path("muc-tieu/<int:pk>/xoa/", target_views.target_remove, name="target_delete"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/cong-khai/", views.publish, name="publish"),
    path("<slug:code>/nhap-so-lieu/", views.manual_value, name="manual_value"),
]
