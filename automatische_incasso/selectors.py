"""Reads of SEPA direct debit for the portal and staff pages."""

from __future__ import annotations

from django.db.models import QuerySet

from incasso.models import Betalingsregeling

from .models import Incasso, Machtiging


def lopende_regeling(dossier) -> Betalingsregeling | None:
    return (
        Betalingsregeling.objects.filter(dossier=dossier, status=Betalingsregeling.Status.LOOPT)
        .order_by("-id")
        .first()
    )


def machtigingen_van(dossier) -> QuerySet[Machtiging]:
    return Machtiging.objects.filter(regeling__dossier=dossier).order_by("-aangemaakt_op", "-id")


def komende_incasso_s(dossier) -> QuerySet[Incasso]:
    """The collections announced and not yet credited or returned, soonest first."""
    return (
        Incasso.objects.filter(
            termijn__regeling__dossier=dossier,
            status__in=[Incasso.Status.VOORBEREID, Incasso.Status.AANGEBODEN],
        )
        .select_related("machtiging", "termijn")
        .order_by("incassodatum", "id")
    )
