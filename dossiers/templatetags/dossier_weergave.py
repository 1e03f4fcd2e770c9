"""Small display helpers for the staff dossier pages."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def dagen(aantal: int | None) -> str:
    """Age in days as a short Dutch text: "vandaag", "1 dag", "12 dagen", "over 3 dagen"."""
    if aantal is None:
        return ""
    if aantal == 0:
        return "vandaag"
    if aantal < 0:
        return ngettext("over %(n)d dag", "over %(n)d dagen", -aantal) % {"n": -aantal}
    return ngettext("%(n)d dag", "%(n)d dagen", aantal) % {"n": aantal}


@register.inclusion_tag("dossiers/_status.html")
def status_badge(dossier) -> dict:
    return {"status": dossier.status, "label": dossier.get_status_display()}
