"""What higher apps add to core's menu (core.extensions.Hook; every app is above core)."""

from typing import Protocol

from core.extensions import Hook


class WorkCount(Protocol):
    """How many items wait on the person's home (the "Việc của tôi" menu badge)."""

    def __call__(self, *, user) -> int: ...


#: Provider: portal.work.work_count (registered in PortalConfig.ready).
work_count: Hook[WorkCount] = Hook("core.work_count")
