from django.urls import path
from rest_framework.routers import SimpleRouter

from indicators import apis
from indicators.targets import apis as target_apis

router = SimpleRouter()
router.register("indicators/targets", target_apis.TargetViewSet, basename="indicator-target")

# The targets' routes come first: "indicators/<code>/" would take "targets".
urlpatterns = router.urls + [
    path("indicators/", apis.IndicatorListApi.as_view(), name="api-indicator-list"),
    path("indicators/plan-actual/", target_apis.PlanActualApi.as_view(), name="api-indicator-plan-actual"),
    path("indicators/<slug:code>/", apis.IndicatorDetailApi.as_view(), name="api-indicator-detail"),
    path("indicators/<slug:code>/values/", apis.IndicatorValuesApi.as_view(), name="api-indicator-values"),
]
