from rest_framework.routers import SimpleRouter

from programs import apis

router = SimpleRouter()
router.register("programs", apis.ProgramViewSet, basename="program")
router.register("program-tasks", apis.TaskViewSet, basename="program-task")
router.register("program-assignments", apis.AssignmentViewSet, basename="program-assignment")
router.register("progress-reports", apis.ProgressReportViewSet, basename="progress-report")

urlpatterns = router.urls
