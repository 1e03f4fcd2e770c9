"""The day a payment arrangement takes effect: its instalments are based on the arrears of that day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from recht.geld import NUL, euro

from .models import Betalingsregeling, LopendeAlimentatie, Regeltermijn
from .regeling import termijnen_begrens, vervaldata_tussen
from .selectors import betaald_tussen, dossier_achterstand, dossier_maandbedrag


def regeling_grens(
    *, regeling: Betalingsregeling, dossier: Dossier, termijnen: list[Regeltermijn], vandaag: date
) -> tuple[Decimal, Decimal]:
    """(open arrears today, the most the instalments may add up to).

    Beside the current alimony the instalments pay the arrears only. When they include it, they may also
    cover the monthly alimony falling due after today up to the last instalment."""
    achterstand = dossier_achterstand(dossier=dossier, peildatum=vandaag).te_betalen
    if regeling.lopende_alimentatie != LopendeAlimentatie.INBEGREPEN or not termijnen:
        return achterstand, achterstand
    _, lopend = dossier_maandbedrag(dossier=dossier, peildatum=vandaag)
    laatste = termijnen[-1].vervaldatum
    komend = sum(
        (
            bedrag
            * vervaldata_tussen(vervaldag=v.vervaldag, na=vandaag, tot_en_met=laatste, einde=v.einddatum)
            for v, bedrag in lopend
        ),
        NUL,
    )
    return achterstand, achterstand + komend


@transaction.atomic
def regeling_ingang_vast(
    *, regeling: Betalingsregeling, dossier: Dossier, vandaag: date
) -> Betalingsregeling:
    """Fix the arrangement on the day it takes effect: cut the instalments back to what is owed that day and
    remember the receipts since the proposal, which the arrangement check must not count a second time."""
    termijnen = list(regeling.termijnen.order_by("volgnummer"))
    achterstand, grens = regeling_grens(
        regeling=regeling, dossier=dossier, termijnen=termijnen, vandaag=vandaag
    )
    voorgesteld = timezone.localtime(regeling.voorgesteld_op).date()
    verrekend = betaald_tussen(dossier_id=dossier.pk, van=voorgesteld, tot=vandaag)
    oud_totaal = sum((t.bedrag for t in termijnen), NUL)
    nieuw = termijnen_begrens([(t.vervaldatum, t.bedrag) for t in termijnen], grens=grens)
    for t, (_, bedrag) in zip(termijnen, nieuw, strict=False):
        if t.bedrag != bedrag:
            t.bedrag = bedrag
            t.save(update_fields=["bedrag"])
    vervallen = [t.pk for t in termijnen[len(nieuw) :]]
    if vervallen:
        Regeltermijn.objects.filter(pk__in=vervallen).delete()
    Betalingsregeling.objects.filter(pk=regeling.pk).update(
        ingangsdatum=vandaag, achterstand_bij_ingang=achterstand, verrekend_bij_ingang=verrekend
    )
    regeling.refresh_from_db()
    nieuw_totaal = sum((b for _, b in nieuw), NUL)
    if nieuw_totaal != oud_totaal:
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.REGELING,
            tekst=(
                f"Regeling aangepast aan de achterstand op de ingangsdatum ({euro(achterstand)}): "
                f"totaal {euro(oud_totaal)} wordt {euro(nieuw_totaal)} in {len(nieuw)} "
                f"termijn{'en' if len(nieuw) != 1 else ''}."
            ),
            sleutel=f"regeling:{regeling.pk}:ingang",
        )
    return regeling


def regeling_voorbeeld(*, regeling: Betalingsregeling) -> dict:
    """What the client sees: the instalments as they stand (or, for a proposal, as they would be if it took
    effect today), their total, the arrears they are based on and the current monthly alimony."""
    dossier = regeling.dossier
    vandaag = timezone.localdate()
    rijen = list(regeling.termijnen.all())
    if regeling.status == Betalingsregeling.Status.VOORGESTELD:
        achterstand, grens = regeling_grens(
            regeling=regeling, dossier=dossier, termijnen=rijen, vandaag=vandaag
        )
        termijnen = [
            {"volgnummer": i, "vervaldatum": d, "bedrag": b, "status": ""}
            for i, (d, b) in enumerate(
                termijnen_begrens([(t.vervaldatum, t.bedrag) for t in rijen], grens=grens), start=1
            )
        ]
        peildatum = vandaag
        voorgesteld_totaal = sum((t.bedrag for t in rijen), NUL)
    else:
        termijnen = [
            {
                "volgnummer": t.volgnummer,
                "vervaldatum": t.vervaldatum,
                "bedrag": t.bedrag,
                "status": t.get_status_display(),
            }
            for t in rijen
        ]
        achterstand = regeling.achterstand_bij_ingang
        peildatum = regeling.ingangsdatum or vandaag
        voorgesteld_totaal = None
    totaal = sum((t["bedrag"] for t in termijnen), NUL)
    maandbedrag, _ = dossier_maandbedrag(dossier=dossier, peildatum=peildatum)
    return {
        "termijnen": termijnen,
        "totaal": totaal,
        "achterstand": achterstand,
        "peildatum": peildatum,
        "aangepast": voorgesteld_totaal is not None and voorgesteld_totaal != totaal,
        "voorgesteld_totaal": voorgesteld_totaal,
        "maandbedrag": maandbedrag,
        "inbegrepen": regeling.lopende_alimentatie == LopendeAlimentatie.INBEGREPEN,
    }
