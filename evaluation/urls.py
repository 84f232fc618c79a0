from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("ket-qua/", views.results, name="results"),
    path("bo-quy-tac/", views.rule_sets, name="rule_sets"),
    path("bo-quy-tac/<str:code>/", views.rule_set_detail, name="rule_set"),
    path("to-chuc/<int:org_id>/", views.organization_detail, name="organization"),
    path("to-chuc/<int:org_id>/<int:year>/", views.assessment_detail, name="assessment"),
    path("to-chuc/<int:org_id>/<int:year>/<slug:action>/", views.assessment_action, name="assessment_action"),
]
