from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Danh bạ tổ chức kinh tế tập thể")

    def ready(self):
        from accounts import hooks as accounts_hooks
        from registry.lifetime import refresh_after_event_change
        from registry.models import StatusEvent
        from registry.selectors import organizations_representable_by

        accounts_hooks.representable_organizations.register(organizations_representable_by)

        # Every way an event is written through the ORM keeps the organization's summary right.
        post_save.connect(refresh_after_event_change, sender=StatusEvent, dispatch_uid="registry_event_summary_save")
        post_delete.connect(refresh_after_event_change, sender=StatusEvent, dispatch_uid="registry_event_summary_delete")
