"""The yearly classification and rating of a province run from the year page, on the task worker.

A province officer asks (run_request): an EvaluationRun is stored and its task queued after the commit.
The worker (run_execute) evaluates the province's organizations in chunks with evaluation.batch, the
same code as `manage.py evaluate_year --background`, writing the progress (processed/total) after
each chunk so that the page polling it shows a moving bar; each chunk is its own transaction (a run
is idempotent: an interrupted one is finished by running it again). At the end the run keeps its
counts, the sheets as the review queue sees them, and the organizations whose class or rating
changed (from → to).

Only one run of a year and province at a time (a constraint): a second request gets the running one.
"""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from core.heartbeat import task_is_live
from evaluation.batch import evaluate_year
from evaluation.models import ACTIVE_RUN_STATUSES, Assessment, AssessmentStatus, EvaluationRun, RunStatus, YearResult
from evaluation.permissions import can_run_evaluation
from evaluation.rating import EXCLUDED, NOT_RATED
from evaluation.rulesets import RuleSetNotFound, criteria_for_year, no_rules_for_year, size_rules_for_year
from registry.models import Organization

logger = logging.getLogger(__name__)

#: Organizations per chunk: a transaction short enough for the page to see progress, long enough to stay bulk.
CHUNK = 2000
#: The change list kept on the run (the count is kept whole): enough to read, bounded at national scale.
MAX_CHANGES = 500


def _check_year(year: int) -> None:
    try:
        size_rules_for_year(year)
        criteria_for_year(year)
    except RuleSetNotFound as error:
        reason = no_rules_for_year(year)
        raise ValidationError(
            _("Không chạy được đánh giá năm %(year)s: %(reason)s.") % {"year": year, "reason": reason}
        ) from error


def active_run(*, year: int, province_id: int) -> EvaluationRun | None:
    """The run of this year and province still queued or running; one whose task is gone (the worker
    was killed, the server restarted) is marked failed first, so it never blocks the next run."""
    run = EvaluationRun.objects.filter(year=year, province_id=province_id, status__in=ACTIVE_RUN_STATUSES).first()
    if run is None or _task_alive(run):
        return run
    EvaluationRun.objects.filter(pk=run.pk, status__in=ACTIVE_RUN_STATUSES).update(
        status=RunStatus.FAILED, error=_("lượt chạy bị gián đoạn (máy chủ khởi động lại)"), finished_at=timezone.now()
    )
    return None


def stale_runs_sweep() -> int:
    """Mark failed the runs whose task is gone, so that no progress page polls for ever (the year
    page's button does the same for its own year when clicked)."""
    active = EvaluationRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).values_list("year", "province_id")
    return sum(active_run(year=year, province_id=province_id) is None for year, province_id in list(active))


def _task_alive(run: EvaluationRun) -> bool:
    if run.created_at > timezone.now() - dt.timedelta(minutes=settings.HOPTAC_IMPORT_STALE_MINUTES):
        return True  # just asked for: the task may not be committed or claimed yet
    results = DBTaskResult.objects.filter(task_path=run_task.module_path)
    return any(task_is_live(result) and (result.args_kwargs.get("args") or [None])[0] == run.pk for result in results)


def run_request(*, user, year: int) -> tuple[EvaluationRun, bool]:
    """Queue the run of `year` for the officer's province; (run, True) when queued now, (the running
    one, False) when one is already queued or running."""
    if not can_run_evaluation(user):
        raise PermissionDenied
    _check_year(year)
    running = active_run(year=year, province_id=user.province_id)
    if running is not None:
        return running, False
    try:
        with transaction.atomic():
            run = EvaluationRun.objects.create(year=year, province_id=user.province_id, requested_by=user)
            transaction.on_commit(lambda: run_task.enqueue(run.pk))
    except IntegrityError:  # another click won the race between the check and the insert
        return EvaluationRun.objects.get(year=year, province_id=user.province_id, status__in=ACTIVE_RUN_STATUSES), False
    return run, True


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _outcomes(year: int, ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = YearResult.objects.filter(year=year, organization_id__in=ids).order_by()
    return {org_id: (size, rating) for org_id, size, rating in rows.values_list("organization_id", "size_class", "rating")}


def _changes(before: dict, after: dict) -> list[dict]:
    """Organizations that had a result and whose size class or rating is now different."""
    return [
        {"organization": org_id, "size": [before[org_id][0], now[0]], "rating": [before[org_id][1], now[1]]}
        for org_id, now in after.items()
        if org_id in before and before[org_id] != now
    ]


def sheet_counts(*, year: int, province_id: int) -> dict[str, int]:
    """The sheets of the year as the review queue counts them, and how many the results expect."""
    sheets = Assessment.objects.filter(year=year, organization__province_id=province_id)
    results = YearResult.objects.filter(year=year, organization__province_id=province_id)
    return {
        "submitted": sheets.filter(first_submitted_at__isnull=False).count(),
        "waiting": sheets.filter(status=AssessmentStatus.SUBMITTED).count(),
        "accepted": sheets.filter(status=AssessmentStatus.ACCEPTED).count(),
        "expected": results.exclude(rating__in=(EXCLUDED, NOT_RATED)).count(),
    }


def _evaluate_chunks(run: EvaluationRun, ids: list[int]) -> tuple[Counter, list[dict]]:
    counts, changes = Counter(), []
    for chunk in _chunks(ids):
        before = _outcomes(run.year, chunk)
        stats = evaluate_year(run.year, province_id=run.province_id, organizations=chunk)
        changes += _changes(before, _outcomes(run.year, chunk))
        counts.update(evaluated=stats.evaluated, created=stats.created, updated=stats.updated, deleted=stats.deleted)
        run.processed += len(chunk)
        EvaluationRun.objects.filter(pk=run.pk).update(processed=run.processed)
    return counts, changes


def _final_counts(run: EvaluationRun, counts: Counter) -> dict:
    results = YearResult.objects.filter(year=run.year, organization__province_id=run.province_id).order_by()
    return {
        **counts,
        "unchanged": counts["evaluated"] - counts["created"] - counts["updated"],
        "ratings": Counter(results.values_list("rating", flat=True)),
        "sizes": Counter(results.values_list("size_class", flat=True)),
        "sheets": sheet_counts(year=run.year, province_id=run.province_id),
    }


def run_execute(run_id: int) -> str:
    """The worker's part: evaluate the province chunk by chunk, then store the counts and changes."""
    claimed = EvaluationRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"  # already run (a task enqueued twice) or marked failed by the stale check
    run = EvaluationRun.objects.get(pk=run_id)
    ids = list(Organization.objects.filter(province_id=run.province_id).order_by("pk").values_list("pk", flat=True))
    EvaluationRun.objects.filter(pk=run_id).update(total=len(ids))
    try:
        counts, changes = _evaluate_chunks(run, ids)
        final = _final_counts(run, counts)
    except Exception as error:  # noqa: BLE001 - the officer waiting on the page must read why, not only the log
        logger.exception("evaluation run %s failed", run_id)
        EvaluationRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(error) or error.__class__.__name__, finished_at=timezone.now()
        )
        return RunStatus.FAILED
    EvaluationRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE,
        counts=final,
        changes=changes[:MAX_CHANGES],
        changed=len(changes),
        finished_at=timezone.now(),
    )
    return RunStatus.DONE


@task
def run_task(run_id: int) -> str:
    return run_execute(run_id)


def runs_visible_to(user):
    """Runs of the officer's province (the only people who may run them may read them)."""
    if not can_run_evaluation(user):
        return EvaluationRun.objects.none()
    return EvaluationRun.objects.filter(province_id=user.province_id).select_related("province", "requested_by")


def previous_run(run: EvaluationRun) -> EvaluationRun | None:
    return (
        EvaluationRun.objects.filter(
            year=run.year, province_id=run.province_id, status=RunStatus.DONE, created_at__lt=run.created_at
        )
        .order_by("-created_at")
        .first()
    )


def failure_message(run: EvaluationRun) -> str:
    return _("Không chạy xong: %(error)s. Hãy chạy lại hoặc báo cho quản trị viên.") % {"error": run.error}
