"""What the debtor sees of a dossier: only data of this dossier, never the client's address, phone, e-mail or
IBAN (the templates get the figures, not the client)."""

from __future__ import annotations

from django.db.models import QuerySet

from betaling.models import Betaling
from dossiers.models import Dossier
from incasso.models import Betalingsregeling, Brief, Regeltermijn
from incasso.selectors import brieven_van_dossier


def brieven_voor_debiteur(dossier: Dossier) -> QuerySet[Brief]:
    """The letters that went out to the debtor, newest first."""
    return brieven_van_dossier(dossier_id=dossier.pk).exclude(verzonden_via="").order_by("-datum", "-id")


def volgende_regeltermijn(dossier: Dossier) -> Regeltermijn | None:
    """The first open term of the running arrangement, if there is one."""
    return (
        Regeltermijn.objects.filter(
            regeling__dossier=dossier,
            regeling__status=Betalingsregeling.Status.LOOPT,
            status=Regeltermijn.Status.OPEN,
        )
        .order_by("vervaldatum", "volgnummer")
        .first()
    )


def betalingen_voor_debiteur(dossier: Dossier) -> QuerySet[Betaling]:
    return Betaling.objects.filter(dossier=dossier)
