from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from evaluation.models import YearResult
from evaluation.tests.helpers import accepted, cooperative


@pytest.mark.django_db
def test_the_yearly_rating_queued_in_the_background_is_done_by_the_worker(run_worker, geo):
    rated = cooperative(geo.commune_a, members=230, revenue=12_400_000_000)
    accepted(rated, 2025, 80)
    output = StringIO()

    call_command("evaluate_year", "2025", "--background", stdout=output)

    assert "hàng đợi" in output.getvalue() and not YearResult.objects.exists()
    run_worker()
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value["evaluated"] == 1
    assert YearResult.objects.get(organization=rated, year=2025).rating == "tot"
