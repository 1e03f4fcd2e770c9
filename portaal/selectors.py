"""Reads for the portal, always scoped to one client: another client's objects simply do not exist here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dossiers.models import Bericht, Client, Document, Dossier, TijdlijnGebeurtenis

from .models import OpdrachtConcept


def client_van_gebruiker(user) -> Client | None:
    return Client.objects.filter(user=user).first() if user.is_authenticated else None


def concept_van_client(client: Client | None) -> OpdrachtConcept | None:
    if client is None:
        return None
    return OpdrachtConcept.objects.filter(client=client).first()


def dossiers_van_client(client: Client | None) -> QuerySet[Dossier]:
    """The only way into a dossier from the portal: filtered by the logged-in client (empty without one)."""
    if client is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(client=client).select_related("debiteur").order_by("-aangemaakt_op")


def tijdlijn_voor_client(dossier: Dossier) -> QuerySet[TijdlijnGebeurtenis]:
    """The timeline without internal notes."""
    return dossier.tijdlijn.filter(intern=False).select_related("document").order_by("-op", "-id")


def documenten_voor_client(dossier: Dossier) -> QuerySet[Document]:
    return dossier.documenten.filter(zichtbaar_voor_client=True).order_by("-aangemaakt_op")


def berichten_van_dossier(dossier: Dossier) -> QuerySet[Bericht]:
    return dossier.berichten.select_related("afzender").order_by("verstuurd_op", "id")


@dataclass(frozen=True)
class StatusUitleg:
    label: str | Promise
    uitleg: str | Promise
    volgende_stap: str | Promise
    kleur: str  # Bootstrap contextual colour of the badge


STATUS_UITLEG: dict[str, StatusUitleg] = {
    Dossier.Status.INTAKE: StatusUitleg(
        _("Opdracht ontvangen"),
        _("Wij hebben uw opdracht ontvangen en controleren de gegevens."),
        _(
            "Uw casemanager beoordeelt uw opdracht. Binnen 2 werkdagen sturen wij de eerste brief aan de "
            "betalingsplichtige."
        ),
        "secondary",
    ),
    Dossier.Status.ACTIEF: StatusUitleg(
        _("Wij innen"),
        _("Wij hebben de betalingsplichtige gevraagd de achterstand te betalen."),
        _(
            "Wij wachten op betaling. Komt die niet, dan sturen wij een herinnering en overleggen wij met u "
            "over de volgende stap."
        ),
        "primary",
    ),
    Dossier.Status.REGELING: StatusUitleg(
        _("Betalingsregeling"),
        _("De betalingsplichtige betaalt de achterstand in delen, zoals met u afgesproken."),
        _(
            "Wij letten op elke betaling. Wordt een termijn gemist, dan ondernemen wij binnen 2 werkdagen actie."
        ),
        "info",
    ),
    Dossier.Status.DEURWAARDER: StatusUitleg(
        _("Bij de deurwaarder"),
        _("Met uw toestemming hebben wij een deurwaarder ingeschakeld."),
        _(
            "De deurwaarder geeft de betalingsplichtige officieel opdracht te betalen. Wij houden u op de hoogte."
        ),
        "warning",
    ),
    Dossier.Status.BESLAG: StatusUitleg(
        _("Beslag"),
        _("Er is beslag gelegd, bijvoorbeeld op loon of op een bankrekening."),
        _("Het geld dat via het beslag binnenkomt, betalen wij elke week aan u uit."),
        "warning",
    ),
    Dossier.Status.OPGESCHORT: StatusUitleg(
        _("Tijdelijk gestopt"),
        _("Wij hebben het innen tijdelijk stilgezet."),
        _("Wij pakken het dossier weer op na de einddatum. Uw casemanager legt u uit waarom."),
        "secondary",
    ),
    Dossier.Status.GESLOTEN: StatusUitleg(
        _("Afgesloten"),
        _("Dit dossier is afgesloten."),
        _("Er gebeurt niets meer in dit dossier. Heeft u een vraag, stuur dan een bericht."),
        "dark",
    ),
    Dossier.Status.GEWEIGERD: StatusUitleg(
        _("Niet aangenomen"),
        _("Wij hebben deze opdracht niet aangenomen."),
        _("De reden staat hieronder. Heeft u een vraag, stuur dan een bericht."),
        "danger",
    ),
}


def status_uitleg(status: str) -> StatusUitleg:
    return STATUS_UITLEG[status]


def achterstand_open(dossier: Dossier) -> Decimal | None:
    """The open arrears of a dossier (the same figure the money section of the dossier page shows), or None
    when it is not known: a refused order, a table value the computation needs (an indexation percentage)
    is missing, or the dossier's data cannot be computed yet (the case manager sees why on the staff side).
    """
    if dossier.status == Dossier.Status.GEWEIGERD:
        return None
    from inning.achterstand import dossier_achterstand_specificatie
    from recht import OngeldigeInvoer, TariefOntbreekt

    try:
        spec = dossier_achterstand_specificatie(dossier=dossier)
    except (TariefOntbreekt, OngeldigeInvoer):
        return None
    # The one statement: the same figure a letter of today asks for (open terms plus open statutory interest).
    return spec.overzicht.totaal.open + (spec.rente_open or 0)
