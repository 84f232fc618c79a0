from django.urls import path

from portal import work_views

app_name = "work"
urlpatterns = [
    path("", work_views.my_work, name="home"),
]
