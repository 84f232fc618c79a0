from django.urls import path

from geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("tim-kiem/", views.unit_search_json, name="unit_search"),
]
