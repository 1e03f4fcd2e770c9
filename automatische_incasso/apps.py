from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomatischeIncassoConfig(AppConfig):
    name = "automatische_incasso"
    verbose_name = _("Automatische incasso (SEPA)")
