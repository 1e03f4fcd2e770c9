"""The calls into other apps (consent, ledger, outbox, arrears, dossier state), in one place.

Imports are done at call time: the apps are built in parallel and import each other's services, so a
module-level import would create cycles. Nothing here guesses: when a collaborator is missing the call fails
with a clear message instead of pretending the consent was given or the money was booked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from dossiers.models import Dossier


def toestemming_gegeven(*, dossier: Dossier, soort: str) -> bool:
    from incasso.selectors import toestemming_gegeven as _toestemming

    return bool(_toestemming(dossier_id=dossier.pk, soort=soort))


def garnering_blokkade(*, dossier: Dossier) -> str | None:
    """A reason why no enforcement may start now (e.g. a running arrangement), or None."""
    from incasso.selectors import garnering_blokkade as _blokkade

    return _blokkade(dossier=dossier)


def kosten_registreer(
    *, dossier: Dossier, bedrag: Decimal, datum: date, omschrijving: str, sleutel: str, actor
) -> Any:
    from inning.services import kosten_registreer as _kosten

    return _kosten(
        dossier=dossier, bedrag=bedrag, datum=datum, omschrijving=omschrijving, sleutel=sleutel, actor=actor
    )


def ontvangst_registreer(
    *, dossier: Dossier, bedrag: Decimal, datum: date, bron_id: int, omschrijving: str, actor, sleutel: str
) -> Any:
    from inning.services import ontvangst_registreer as _ontvangst

    return _ontvangst(
        dossier=dossier,
        bedrag=bedrag,
        datum=datum,
        bron_type="beslag",
        bron_id=bron_id,
        omschrijving=omschrijving,
        actor=actor,
        sleutel=sleutel,
    )


def ontvangen_voor(*, bron_id: int) -> Decimal:
    """The sum of the ledger's (not reversed) receipts booked for one month of a garnishment."""
    from django.db.models import Sum

    from inning.models import Ontvangst

    totaal = (
        Ontvangst.objects.filter(bron_type="beslag", bron_id=str(bron_id))
        .exclude(status=Ontvangst.Status.TERUGGEBOEKT)
        .aggregate(s=Sum("bedrag"))["s"]
    )
    return totaal or Decimal("0.00")


def achterstand(*, dossier: Dossier) -> Decimal | None:
    """The dossier's open, not time-barred arrears today, or None when the arrears engine cannot tell."""
    overzicht = achterstand_overzicht(dossier=dossier)
    if overzicht is None:
        return None
    return overzicht.totaal.open


def achterstand_overzicht(*, dossier: Dossier) -> Any:
    from inning.achterstand import dossier_achterstand
    from recht.fouten import TariefOntbreekt

    try:
        return dossier_achterstand(dossier=dossier)
    except TariefOntbreekt:  # an indexation year without a percentage: the page asks for the arrears instead
        return None


def email_plaats(
    *, aan: str, onderwerp: str, tekst: str, documenten=(), dossier: Dossier, sleutel: str
) -> Any:
    from incasso.outbox import email_plaats as _plaats

    return _plaats(
        aan=aan, onderwerp=onderwerp, tekst=tekst, documenten=documenten, dossier=dossier, sleutel=sleutel
    )


def dossier_status_wijzig(*, dossier: Dossier, naar: str, door, reden: str = "") -> None:
    if dossier.status == naar:
        return
    from dossiers.services import dossier_status_wijzig as _wijzig

    _wijzig(dossier=dossier, naar=naar, door=door, reden=reden)
