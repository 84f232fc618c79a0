"""What higher apps add to programs (core.extensions.Hook): support links its records to tasks
(support → programs), so a task's page asks support through this hook."""

from typing import Protocol

from core.extensions import Hook


class TaskEvidence(Protocol):
    """Evidence-like objects (label, url, detail) linked to `task` in `period` (all when None)."""

    def __call__(self, *, task, period, user) -> list: ...


#: Provider: support.feeds.task_evidence.
task_evidence: Hook[TaskEvidence] = Hook("programs.task_evidence")
