"""Panels of the money app that other apps' pages include: the work-queue card and the dossier's money tab."""

from django import template

from inning import selectors

register = template.Library()


@register.inclusion_tag("inning/_werkvoorraad_geld_inhoud.html", takes_context=True)
def geld_werkvoorraad(context):
    wachtend = selectors.ongematchte_ontvangsten()
    return {
        "request": context.get("request"),
        "ongematcht": list(wachtend[:10]),
        "ongematcht_aantal": wachtend.count(),
        "meldingen_aantal": selectors.te_bevestigen_directe_betalingen().count(),
        "controle_fout": selectors.laatste_controle_fout(),
    }


@register.inclusion_tag("inning/_dossier_geld.html", takes_context=True)
def geld_dossierpaneel(context, dossier):
    return {
        "request": context.get("request"),
        "dossier": dossier,
        "overzicht": selectors.dossier_geldoverzicht(dossier_id=dossier.pk),
        "toewijzingen": selectors.dossier_ontvangsten(dossier_id=dossier.pk)[:50],
    }
