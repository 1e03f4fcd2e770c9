"""``{% dossier_geld_sectie dossier %}``: the money section of a dossier page in the portal (the portal's
dossier template includes ``uitbetaling/portaal/_sectie_geld.html``, which uses this tag)."""

from django import template

from uitbetaling.grafiek import svg_verschuldigd_betaald
from uitbetaling.selectors import dossier_geld

register = template.Library()


@register.inclusion_tag("uitbetaling/portaal/_dossier_geld.html", takes_context=True)
def dossier_geld_sectie(context, dossier) -> dict:
    request = context.get("request")
    jaar = request.GET.get("jaar", "") if request is not None else ""
    geld = dossier_geld(dossier=dossier, jaar=int(jaar) if jaar.isdigit() else None)
    return {
        "geld": geld,
        "grafiek": svg_verschuldigd_betaald(
            maanden=geld.maanden,
            titel=f"Verschuldigd en betaald per maand in {geld.jaar}, dossier {dossier.nummer}",
            id_prefix=f"grafiek-{dossier.pk}",
        ),
        "jaar_anker": f"geld-{dossier.pk}-kop",
    }
