from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("du-lieu-mo/", views.open_data, name="open_data"),
    path("du-lieu-mo/to-chuc.<str:fmt>", views.organizations_download, name="organizations_download"),
]
