from rest_framework.routers import SimpleRouter

from registry import apis

router = SimpleRouter()
router.register("organizations", apis.OrganizationViewSet, basename="organization")
router.register("members", apis.MemberViewSet, basename="member")
router.register("status-events", apis.StatusEventViewSet, basename="status-event")
router.register("annual-reports", apis.AnnualReportViewSet, basename="annual-report")

urlpatterns = router.urls
