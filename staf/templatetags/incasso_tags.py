"""Template tags that let other apps' pages show this app's partials (work queue, staff dossier tab, portal
sections) by an include, without their views knowing about the collection workflow."""

from django import template

from dossiers import selectors as dossier_selectors
from incasso import selectors
from incasso.models import Betalingsregeling, Toestemmingsverzoek
from staf.incasso.forms import ToestemmingVraagForm, VerzoekDerdeForm
from staf.incasso.toestemming_views import ToestemmingVastlegForm

register = template.Library()


@register.inclusion_tag("incasso/_werkvoorraad.html", takes_context=True)
def incasso_werkvoorraad(context):
    user = context.get("user")
    rol = context.get("rol", "")
    casemanager_id = user.pk if user is not None and rol == "casemanager" else None
    return {
        "signaleringen": selectors.signaleringen_open(
            casemanager_id=casemanager_id, limiet=dossier_selectors.WERKVOORRAAD_MAX
        )
    }


@register.inclusion_tag("incasso/_paneel.html", takes_context=True)
def incasso_paneel(context, dossier):
    return {
        **selectors.dossier_incasso_paneel(dossier=dossier),
        "dossier": dossier,
        "vraag_form": ToestemmingVraagForm(),
        "vastleg_form": ToestemmingVastlegForm(),
        "derde_form": VerzoekDerdeForm(),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("incasso/portaal/_toestemming_lijst.html")
def portaal_toestemmingen(dossier):
    return {
        "verzoeken": list(Toestemmingsverzoek.objects.filter(dossier=dossier).order_by("-gevraagd_op")[:20]),
        "dossier": dossier,
    }


@register.inclusion_tag("incasso/portaal/_regeling_lijst.html")
def portaal_regelingen(dossier):
    return {
        "regelingen": list(
            Betalingsregeling.objects.filter(dossier=dossier).prefetch_related("termijnen")[:10]
        ),
        "dossier": dossier,
    }


@register.inclusion_tag("incasso/portaal/_regeling_meldingen.html", takes_context=True)
def portaal_regeling_meldingen(context):
    """The client's home: arrangement proposals waiting for the client's decision, as they come in."""
    user = context.get("user")
    return {
        "voorstellen": list(
            Betalingsregeling.objects.filter(
                dossier__client__user=user, status=Betalingsregeling.Status.VOORGESTELD
            )
            .select_related("dossier", "dossier__debiteur")
            .order_by("voorgesteld_op")[:20]
        )
        if user is not None and user.is_authenticated
        else []
    }


@register.inclusion_tag("incasso/portaal/_brieven_lijst.html")
def portaal_brieven(dossier):
    return {
        "brieven": list(selectors.brieven_van_dossier(dossier_id=dossier.pk, alleen_zichtbaar=True)),
        "dossier": dossier,
    }


@register.inclusion_tag("incasso/_overzicht.html")
def incasso_overzicht(dossier):
    from incasso.models import Brief, Signalering

    return {
        "dossier": dossier,
        "aantal_brieven": Brief.objects.filter(dossier=dossier).exclude(verzonden_via="").count(),
        "signaleringen": list(Signalering.objects.filter(dossier=dossier, opgelost_op__isnull=True)),
        "toestemmingen_open": list(
            Toestemmingsverzoek.objects.filter(dossier=dossier, status=Toestemmingsverzoek.Status.GEVRAAGD)
        ),
    }
