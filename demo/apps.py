from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo system's data, every part in order (`manage.py demo_load`). The top of design.md's
    layers: it calls each app's demo step, and nothing imports it."""

    name = "demo"
    verbose_name = _("Dữ liệu dùng thử")
