from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("van-ban/<int:pk>/", views.queued_status, name="queued_status"),
    path("van-ban/<int:pk>/tai-ve/", views.queued_download, name="queued_download"),
    path("mau/", views.template_list, name="template_list"),
    path("mau/<slug:key>/", views.template_detail, name="template_detail"),
    path("mau/<slug:key>/xem-truoc/", views.template_preview, name="template_preview"),
    path("mau/<slug:key>/tai/<str:which>/", views.template_download, name="template_download"),
    path("mau/<slug:key>/khoi-phuc/", views.template_revert, name="template_revert"),
]
