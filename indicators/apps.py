from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ tiêu và bảng điều khiển")

    def ready(self):
        from indicators.exports import TEMPLATE
        from indicators.queued_documents import QUEUED
        from reports import queued
        from reports.templating import register

        register(TEMPLATE)
        queued.register(QUEUED)
