from anymail.signals import tracking
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncassoConfig(AppConfig):
    name = "incasso"
    verbose_name = _("Incassoproces")

    def ready(self) -> None:
        from .aflevering import tracking_ontvangen  # the app registry must be ready before models load

        tracking.connect(tracking_ontvangen, dispatch_uid="incasso.aflevering.tracking_ontvangen")
