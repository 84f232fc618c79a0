from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from core import views as core_views
from indicators.dashboard import views as dashboard_views

api_v1 = [
    path("", include("geo.api_urls")),
    path("", include("accounts.api_urls")),
    path("", include("registry.api_urls")),
    path("", include("imports.api_urls")),
    path("", include("evaluation.api_urls")),
    path("", include("programs.api_urls")),
    path("", include("indicators.api_urls")),
    path("", include("support.api_urls")),
    path("", include("reports.api_urls")),
    path("", include("portal.api_urls")),
]

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("tai-khoan/", include("accounts.urls")),
    path("dia-ban/", include("geo.urls")),
    path("to-chuc/", include("registry.urls")),
    path("nhap-excel/", include("imports.urls")),
    path("danh-gia/", include("evaluation.urls")),
    path("chuong-trinh/", include("programs.urls")),
    path("chi-tieu/", include("indicators.urls")),
    path("ho-tro/", include("support.urls")),
    path("bao-cao/", include("reports.urls")),
    path("cong-khai/", include("portal.urls")),
    path("viec-cua-toi/", include("portal.work_urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages in the site's look (core.error_pages); the CSRF failure page is settings.CSRF_FAILURE_VIEW.
handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"
