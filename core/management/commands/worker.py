"""`manage.py worker`: the task worker of hoptac, django-tasks-db's `db_worker` with a heartbeat.

Takes every option of `db_worker` (`--batch`, `--max-tasks`, `--queue-name`, ...). The heartbeat
(core.heartbeat) is what /healthz and the sweep of interrupted imports read.
"""

from django_tasks_db.management.commands import db_worker

from core.heartbeat import Heartbeat


class HeartbeatWorker(db_worker.Worker):
    def run(self) -> None:
        self.heartbeat = Heartbeat(self.worker_id)
        self.heartbeat.start()
        try:
            super().run()
        finally:
            self.heartbeat.stop()

    def run_task(self, db_task_result) -> None:
        self.heartbeat.busy(db_task_result.task_path)
        try:
            super().run_task(db_task_result)
        finally:
            self.heartbeat.idle()


class Command(db_worker.Command):
    help = "Run the background task worker (django-tasks-db's db_worker, with a heartbeat for /healthz)."

    def handle(self, *args, **options) -> None:
        # db_worker builds its Worker by the module's name: run it with ours for the length of this command.
        original = db_worker.Worker
        db_worker.Worker = HeartbeatWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
