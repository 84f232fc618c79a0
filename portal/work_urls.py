from django.urls import path

from portal import work_views

app_name = "work"
urlpatterns = [
    path("", work_views.my_work, name="home"),
    path("cho-xu-ly/", work_views.queue, name="queue"),
    path("cho-xu-ly/duyet/", work_views.queue_approve, name="queue_approve"),
]
