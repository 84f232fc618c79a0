"""Background work of the evaluation app, run by the task worker (`manage.py worker`)."""

from crontask import cron
from django.tasks import task

from evaluation.batch import evaluate_year
from evaluation.runs import stale_runs_sweep


@task
def evaluate_year_task(year: int, province_id: int | None = None) -> dict:
    """The yearly classification and rating (minutes at national scale), off the caller's process."""
    stats = evaluate_year(year, province_id=province_id)
    return {
        "evaluated": stats.evaluated,
        "created": stats.created,
        "updated": stats.updated,
        "unchanged": stats.unchanged,
        "deleted": stats.deleted,
        "ratings": dict(stats.ratings),
    }


@cron("*/10 * * * *")
@task
def sweep_stale_runs() -> int:
    """Runs of the year page whose worker died are marked failed with a message (evaluation.runs)."""
    return stale_runs_sweep()
