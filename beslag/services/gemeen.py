"""What the bailiff services share: refusals as field errors, locking the dossier, the common checks before any
enforcement, and the dossier's next action that follows from the track."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from dossiers.models import Dossier
from dossiers.services import volgende_actie_zet
from incasso.selectors import garnering_blokkade, toestemming_gegeven
from tarieven.selectors import kalender

from .. import selectors
from ..models import BeslagStap, DeurwaarderOpdracht


def fout(veld: str, bericht: str) -> ValidationError:
    return ValidationError({veld: [bericht]})


def vergrendel(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def buitenland_reden(dossier: Dossier) -> str | None:
    """Why domestic steps do not apply to this dossier, or None."""
    if dossier.debiteur.woont_in_buitenland:
        return (
            f"De debiteur woont in het buitenland ({dossier.debiteur.land}). Een Nederlandse deurwaarder kan daar "
            "niet betekenen of beslag leggen; de titel moet in dat land worden erkend en ten uitvoer gelegd "
            "(bijvoorbeeld via de Alimentatieverordening (EG) 4/2009 en het LBIO)."
        )
    return None


def tenuitvoerlegging_controleer(dossier: Dossier, *, toestemming: str) -> None:
    """The common refusals: a closed dossier, a debtor abroad, no executoriale titel, no consent, a block."""
    if not dossier.is_open:
        raise fout("dossier", "Het dossier is gesloten.")
    reden = buitenland_reden(dossier)
    if reden:
        raise fout("dossier", reden)
    if not any(t.is_executoriaal for t in dossier.titels.all()):
        raise fout(
            "dossier",
            "Er is geen executoriale titel: zonder titel kan alleen minnelijk worden geïnd en is beslag niet mogelijk.",
        )
    if not toestemming_gegeven(dossier_id=dossier.pk, soort=toestemming):
        raise fout(
            "dossier",
            f"De cliënt heeft (nog) geen toestemming gegeven voor: {toestemming.replace('_', ' ')}.",
        )
    blokkade = garnering_blokkade(dossier=dossier)
    if blokkade:
        raise fout("dossier", blokkade)


def volgende_actie_bijwerken(dossier: Dossier, door) -> None:
    """The earliest open bailiff deadline (or the bailiff's answer) becomes the dossier's next action."""
    stap = (
        BeslagStap.objects.filter(dossier=dossier, afgerond_op__isnull=True, uiterste_datum__isnull=False)
        .order_by("uiterste_datum", "id")
        .first()
    )
    if stap is not None:
        volgende_actie_zet(
            dossier=dossier, actie=f"Deurwaarder: {stap.termijn}"[:200], datum=stap.uiterste_datum, door=door
        )
        return
    opdracht = (
        DeurwaarderOpdracht.objects.filter(dossier=dossier, status__in=DeurwaarderOpdracht.OPEN)
        .select_related("kantoor")
        .first()
    )
    if opdracht is not None and opdracht.status == DeurwaarderOpdracht.Status.VERZONDEN:
        volgende_actie_zet(
            dossier=dossier,
            actie=f"Antwoord deurwaarder {opdracht.kantoor.naam}"[:200],
            datum=opdracht.antwoord_uiterlijk,
            door=door,
        )
        return
    afdracht = selectors.eerste_open_afdracht(dossier=dossier)
    if afdracht is not None:
        maand, uiterlijk = afdracht
        volgende_actie_zet(
            dossier=dossier, actie=f"Afdracht beslag over {maand:%m-%Y} verwacht", datum=uiterlijk, door=door
        )
    elif opdracht is not None:
        volgende_actie_zet(
            dossier=dossier,
            actie=f"Voortgang navragen bij deurwaarder {opdracht.kantoor.naam}"[:200],
            datum=kalender().werkdagen_na(timezone.localdate(), 20),
            door=door,
        )
