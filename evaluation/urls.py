from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("chay/", views.run_start, name="run_start"),
    path("chay/<int:pk>/", views.run_status, name="run"),
    path("ket-qua/", views.results, name="results"),
    path("ket-qua/van-ban/", views.results_document, name="results_document"),
    path("bo-quy-tac/", views.rule_sets, name="rule_sets"),
    path("bo-quy-tac/<str:code>/", views.rule_set_detail, name="rule_set"),
    path("to-chuc/<int:org_id>/", views.organization_detail, name="organization"),
    path("to-chuc/<int:org_id>/<int:year>/", views.assessment_detail, name="assessment"),
    path("to-chuc/<int:org_id>/<int:year>/<slug:action>/", views.assessment_action, name="assessment_action"),
]
