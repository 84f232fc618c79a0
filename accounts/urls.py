from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.profile, name="profile"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("ma-api/tao/", views.token_regenerate, name="token_regenerate"),
    path("ma-api/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("quan-ly/", views.account_list, name="account_list"),
    path("quan-ly/them/", views.account_create, name="account_create"),
    path("quan-ly/<int:pk>/", views.account_detail, name="account_detail"),
    path("quan-ly/<int:pk>/sua/", views.account_update, name="account_update"),
    path("quan-ly/<int:pk>/mat-khau/", views.account_password, name="account_password"),
    path("quan-ly/<int:pk>/khoa/", views.account_set_active, name="account_set_active"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<int:pk>/van-ban/", views.agency_documents, name="agency_documents"),
]
