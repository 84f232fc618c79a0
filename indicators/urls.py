from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.plan_actual, name="plan_actual"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("bang-tong-hop/", views.pivot, name="pivot"),
    path("<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/cong-khai/", views.publish, name="publish"),
    path("<slug:code>/nhap-so-lieu/", views.manual_value, name="manual_value"),
]
