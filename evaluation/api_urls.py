from rest_framework.routers import SimpleRouter

from evaluation import apis

router = SimpleRouter()
router.register("evaluation/rule-sets", apis.RuleSetViewSet, basename="evaluation-rule-set")
router.register("evaluation/classifications", apis.ClassificationViewSet, basename="evaluation-classification")
router.register("evaluation/assessments", apis.AssessmentViewSet, basename="evaluation-assessment")
urlpatterns = router.urls
