from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncassoConfig(AppConfig):
    name = "incasso"
    verbose_name = _("Incassoproces")
