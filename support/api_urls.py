from rest_framework.routers import DefaultRouter

from support import apis

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("ho-tro/chinh-sach", apis.PolicyViewSet, basename="support-policy")
router.register("ho-tro/ban-ghi", apis.RecordViewSet, basename="support-record")
router.register("ho-tro/hoat-dong", apis.ActivityViewSet, basename="support-activity")
router.register("ho-tro/lien-minh/thanh-vien", apis.MembershipViewSet, basename="support-membership")
router.register("ho-tro/lien-minh/dich-vu", apis.ServiceViewSet, basename="support-service")
router.register("ho-tro/lien-minh/khoan-vay", apis.LoanViewSet, basename="support-loan")

urlpatterns = router.urls
