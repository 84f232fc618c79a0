"""The yearly classification and rating run from the year page: a province officer's button queues it,
the real worker (`manage.py worker`) runs it chunk by chunk with its progress, the page shows the
summary (agreeing with the review queue) and, on a re-run, what changed; one run per year at a time;
nobody else may start or read one."""

import datetime as dt

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evaluation import runs
from evaluation.models import Assessment, AssessmentStatus, EvaluationRun, RunStatus, YearResult
from evaluation.tests.helpers import CURRENT_SET, accepted, cooperative, scores_totalling

pytestmark = pytest.mark.django_db
YEAR = 2025


def _submitted(organization, year=YEAR, total=80):
    now = timezone.now()
    return Assessment.objects.create(
        organization=organization,
        year=year,
        criteria_set=CURRENT_SET,
        status=AssessmentStatus.SUBMITTED,
        scores=scores_totalling(total),
        total=total,
        submitted_at=now,
        first_submitted_at=now,
    )


@pytest.fixture
def province(personas):
    """Two cooperatives of the officer's province: one accepted at 80 points (tốt), one whose sheet
    waits in the review queue; and one of another province that the run must leave alone."""
    geo = personas.geo
    rated = cooperative(geo.commune_a, members=230, revenue=12_400_000_000, name="HTX Tốt")
    accepted(rated, YEAR, 80)
    waiting = cooperative(geo.commune_b, name="HTX Chờ duyệt")
    _submitted(waiting)
    elsewhere = cooperative(geo.other_commune, name="HTX Tỉnh khác")
    return rated, waiting, elsewhere


def _start(client, capture, year=YEAR, confirm=YEAR):
    with capture(execute=True):
        return client.post(reverse("evaluation:run_start"), {"year": year, "confirm_year": confirm})


def test_the_officer_queues_the_run_and_the_worker_rates_the_province_with_a_summary_that_agrees_with_the_queue(
    personas, province, client_for, run_worker, django_capture_on_commit_callbacks
):
    rated, waiting, elsewhere = province
    client = client_for(personas.province_officer)
    response = _start(client, django_capture_on_commit_callbacks)
    run = EvaluationRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("evaluation:run", args=[run.pk])
    assert (
        run.status == RunStatus.QUEUED and run.province == personas.geo.province and run.requested_by == personas.province_officer
    )
    queued = DBTaskResult.objects.get()
    assert queued.task_path == runs.run_task.module_path and not YearResult.objects.exists()
    waiting_page = client.get(response.url).content.decode()
    assert "Đang chờ" in waiting_page and 'hx-trigger="load delay:2s"' in waiting_page

    run_worker()

    queued.refresh_from_db()
    run.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL and run.status == RunStatus.DONE
    assert run.processed == run.total == 4  # every organization of the province: the personas' two and these two
    assert YearResult.objects.get(organization=rated, year=YEAR).rating == "tot"
    assert YearResult.objects.get(organization=waiting, year=YEAR).rating == "not_assessed"
    assert not YearResult.objects.filter(organization=elsewhere).exists()
    sheets = run.counts["sheets"]
    assert sheets == {"submitted": 1, "waiting": 1, "accepted": 1, "expected": 4}
    assert sheets["waiting"] == runs.sheet_counts(year=YEAR, province_id=run.province_id)["waiting"]
    body = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Đã xong" in body and "hx-trigger" not in body
    assert 'id="run-sheets">1/4<' in body and 'id="run-waiting">1<' in body
    assert "Không tổ chức nào đổi quy mô hoặc xếp loại." in body  # a first run: new results, no change


def test_a_re_run_says_which_organizations_changed_from_what_to_what(
    personas, province, client_for, run_worker, django_capture_on_commit_callbacks
):
    rated, waiting, _elsewhere = province
    client = client_for(personas.province_officer)
    _start(client, django_capture_on_commit_callbacks)
    run_worker()
    sheet = Assessment.objects.get(organization=waiting)
    Assessment.objects.filter(pk=sheet.pk).update(status=AssessmentStatus.ACCEPTED)  # accepted: now rated
    Assessment.objects.filter(organization=rated).update(scores=scores_totalling(40), total=40)  # rescored: yếu

    response = _start(client, django_capture_on_commit_callbacks)
    run_worker()

    second = EvaluationRun.objects.order_by("-created_at").first()
    assert second.status == RunStatus.DONE and second.changed == 2
    changed = {change["organization"]: change["rating"] for change in second.changes}
    assert changed == {rated.pk: ["tot", "yeu"], waiting.pk: ["not_assessed", "tot"]}
    body = client.get(response.url).content.decode()
    assert "2 tổ chức đổi quy mô hoặc xếp loại." in body
    assert "Tốt → <strong>Yếu</strong>" in body and "Chưa có đánh giá được chấp nhận → <strong>Tốt</strong>" in body


def test_a_second_click_lands_on_the_running_run_and_queues_nothing_more(
    personas, province, client_for, django_capture_on_commit_callbacks, db_tasks
):
    client = client_for(personas.province_officer)
    first = _start(client, django_capture_on_commit_callbacks)
    second = _start(client, django_capture_on_commit_callbacks)
    assert second.url == first.url and EvaluationRun.objects.count() == 1 and DBTaskResult.objects.count() == 1
    home = client.get(reverse("evaluation:home"), {"year": YEAR}).content.decode()
    assert "Xem tiến độ" in home and 'id="run-button"' not in home


def test_a_run_whose_worker_died_is_marked_failed_and_no_longer_blocks_the_year(
    personas, province, client_for, django_capture_on_commit_callbacks, db_tasks, settings
):
    client = client_for(personas.province_officer)
    _start(client, django_capture_on_commit_callbacks)
    stuck = EvaluationRun.objects.get()
    EvaluationRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, created_at=timezone.now() - dt.timedelta(minutes=settings.HOPTAC_IMPORT_STALE_MINUTES + 1)
    )
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, worker_ids=["gone"])  # no heartbeat from "gone"

    _start(client, django_capture_on_commit_callbacks)

    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and "gián đoạn" in stuck.error
    assert EvaluationRun.objects.filter(status=RunStatus.QUEUED).count() == 1


def test_the_year_must_be_typed_again_to_confirm(personas, province, client_for, django_capture_on_commit_callbacks, db_tasks):
    client = client_for(personas.province_officer)
    response = _start(client, django_capture_on_commit_callbacks, confirm=2024)
    assert response.status_code == 302 and response.url == reverse("evaluation:home") + f"?year={YEAR}"
    assert not EvaluationRun.objects.exists() and not DBTaskResult.objects.exists()
    page = client.get(response.url).content.decode()
    assert f"Năm xác nhận phải trùng với năm {YEAR}" in page


def test_a_year_without_rules_is_refused_with_its_reason(personas, client_for, django_capture_on_commit_callbacks, db_tasks):
    client = client_for(personas.province_officer)
    response = _start(client, django_capture_on_commit_callbacks, year=2019, confirm=2019)
    assert not EvaluationRun.objects.exists() and not DBTaskResult.objects.exists()
    assert "Không chạy được đánh giá năm 2019" in client.get(response.url).content.decode()


@pytest.mark.parametrize("who", ["commune_officer", "cooperative", "department_officer", "leader", "admin", None])
def test_only_province_officers_may_run_or_read_a_run_and_nothing_is_queued_for_others(
    who, personas, province, client_for, django_capture_on_commit_callbacks, db_tasks
):
    run = EvaluationRun.objects.create(year=2024, province=personas.geo.province, status=RunStatus.DONE)
    client = client_for(getattr(personas, who) if who else None)
    response = _start(client, django_capture_on_commit_callbacks)
    assert response.status_code in (302, 403) and (
        response.status_code == 403 or "/login" in response.url or "dang-nhap" in response.url
    )
    assert EvaluationRun.objects.count() == 1 and not DBTaskResult.objects.exists() and not YearResult.objects.exists()
    assert client.get(reverse("evaluation:run", args=[run.pk])).status_code in (302, 403)
    if who:
        assert 'id="run-card"' not in client.get(reverse("evaluation:home"), {"year": YEAR}).content.decode()


def test_an_officer_of_another_province_cannot_read_the_run(personas, client_for):
    from accounts.tests.factories import UserFactory
    from core.roles import Role

    run = EvaluationRun.objects.create(year=YEAR, province=personas.geo.province, status=RunStatus.DONE)
    other = UserFactory(username="tinh_khac", roles=[Role.PROVINCE_OFFICER], province=personas.geo.other_province)
    assert client_for(other).get(reverse("evaluation:run", args=[run.pk])).status_code == 404


def test_the_progress_bar_shows_processed_over_total_while_it_runs(personas, client_for):
    run = EvaluationRun.objects.create(
        year=YEAR, province=personas.geo.province, status=RunStatus.RUNNING, processed=1500, total=4000
    )
    body = client_for(personas.province_officer).get(reverse("evaluation:run", args=[run.pk])).content.decode()
    assert 'style="width: 38%"' in body and "Đã xử lý 1.500/4.000 tổ chức." in body and "hx-trigger" in body


def test_the_worker_writes_the_progress_after_each_chunk(personas, province, monkeypatch):
    monkeypatch.setattr(runs, "CHUNK", 2)
    seen = []
    original = runs.evaluate_year

    def watched(year, **kwargs):
        seen.append(EvaluationRun.objects.get().processed)
        return original(year, **kwargs)

    monkeypatch.setattr(runs, "evaluate_year", watched)
    run = EvaluationRun.objects.create(year=YEAR, province=personas.geo.province)
    assert runs.run_execute(run.pk) == RunStatus.DONE
    assert seen == [0, 2]
    run.refresh_from_db()
    assert (run.processed, run.total, run.counts["evaluated"]) == (4, 4, 4)


def test_the_year_page_counts_a_submitted_sheet_before_the_year_is_run(personas, province, client_for):
    """It said "0/0 đã nộp / phải nộp" while the sheet waited in the queue above it."""
    body = client_for(personas.province_officer).get(reverse("evaluation:home"), {"year": YEAR}).content.decode()
    assert "HTX Chờ duyệt" in body  # the queue
    assert "1/1</div>" in body and 'id="unevaluated-sheets"' in body


def test_the_sweep_on_the_schedule_fails_a_dead_run_and_leaves_a_live_one(personas, db_tasks, settings):
    from crontask import scheduler

    from evaluation import tasks

    old = timezone.now() - dt.timedelta(minutes=settings.HOPTAC_IMPORT_STALE_MINUTES + 1)
    dead = EvaluationRun.objects.create(year=2024, province=personas.geo.province, status=RunStatus.RUNNING)
    waiting = EvaluationRun.objects.create(year=YEAR, province=personas.geo.province)
    EvaluationRun.objects.update(created_at=old)
    runs.run_task.enqueue(waiting.pk)  # still in the queue: alive

    assert runs.stale_runs_sweep() == 1

    dead.refresh_from_db()
    waiting.refresh_from_db()
    assert dead.status == RunStatus.FAILED and waiting.status == RunStatus.QUEUED
    triggers = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "minute='*/10'" in triggers[tasks.sweep_stale_runs.name]
