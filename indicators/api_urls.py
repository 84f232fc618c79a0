from django.urls import path

from indicators import apis

urlpatterns = [
    path("indicators/", apis.IndicatorListApi.as_view(), name="api-indicator-list"),
    path("indicators/plan-actual/", apis.PlanActualApi.as_view(), name="api-indicator-plan-actual"),
    path("indicators/<slug:code>/", apis.IndicatorDetailApi.as_view(), name="api-indicator-detail"),
    path("indicators/<slug:code>/values/", apis.IndicatorValuesApi.as_view(), name="api-indicator-values"),
]
