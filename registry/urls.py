from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.organization_list, name="organization_list"),
]
