from rest_framework.routers import SimpleRouter

from geo import apis

router = SimpleRouter()
router.register("admin-units", apis.AdminUnitViewSet, basename="admin-unit")
router.register("unit-successions", apis.UnitSuccessionViewSet, basename="unit-succession")

urlpatterns = router.urls
