from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("", views.home, name="home"),
    path("ban-ghi/", views.record_list, name="record_list"),
    path("ban-ghi/them/", views.record_create, name="record_create"),
    path("ban-ghi/<int:pk>/", views.record_detail, name="record_detail"),
    path("ban-ghi/<int:pk>/sua/", views.record_edit, name="record_edit"),
    path("ban-ghi/<int:pk>/xoa/", views.record_delete, name="record_delete"),
    path("hoat-dong/", views.activity_list, name="activity_list"),
    path("hoat-dong/them/", views.activity_create, name="activity_create"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity_edit"),
    path("hoat-dong/<int:pk>/xoa/", views.activity_delete, name="activity_delete"),
    path("chinh-sach/", views.policy_list, name="policy_list"),
    path("chinh-sach/<int:pk>/sua/", views.policy_edit, name="policy_edit"),
    path("lien-minh/thanh-vien/", views.member_list, name="member_list"),
    path("lien-minh/thanh-vien/them/", views.member_form, name="member_create"),
    path("lien-minh/thanh-vien/<int:pk>/sua/", views.member_form, name="member_edit"),
    path("lien-minh/dich-vu/", views.service_list, name="service_list"),
    path("lien-minh/dich-vu/them/", views.service_form, name="service_create"),
    path("lien-minh/dich-vu/<int:pk>/sua/", views.service_form, name="service_edit"),
    path("lien-minh/quy/", views.loan_list, name="loan_list"),
    path("lien-minh/quy/them/", views.loan_create, name="loan_create"),
    path("lien-minh/quy/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("nhap-excel/", views.import_page, name="import"),
]
