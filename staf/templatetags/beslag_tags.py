"""Inclusion tags so other apps' pages can show the bailiff track without knowing its queries."""

from django import template
from django.utils import timezone

from beslag import selectors, services
from dossiers import selectors as dossier_selectors

register = template.Library()


@register.inclusion_tag("beslag/_paneel.html")
def beslag_paneel(dossier, *, met_link: bool = True) -> dict:
    return {
        "spoor": selectors.dossier_beslagspoor(dossier=dossier),
        "vandaag": timezone.localdate(),
        "buitenland": services.buitenland_reden(dossier),
        "met_link": met_link,
        "dossier": dossier,
    }


@register.inclusion_tag("beslag/_werkvoorraad.html", takes_context=True)
def beslag_werkvoorraad(context, *, dagen: int = 7) -> dict:
    vandaag = timezone.localdate()
    # Follows the work queue's "only my dossiers" switch.
    eigen = context.get("user") if context.get("alleen_eigen") else None
    termijnen = selectors.termijnen_open_eerste(
        tot=vandaag + timezone.timedelta(days=dagen),
        casemanager=eigen,
        limiet=dossier_selectors.WERKVOORRAAD_MAX,
    )
    ontbrekend = list(
        selectors.ontbrekende_ontvangsten(casemanager=eigen)[: dossier_selectors.WERKVOORRAAD_MAX]
    )
    return {
        "termijnen": termijnen,
        "ontbrekend": ontbrekend,
        "aantal": len(termijnen) + len(ontbrekend),
        "vandaag": vandaag,
        # for the "dealt with" button of each deadline
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
