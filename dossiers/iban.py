"""The client's payout IBAN: the one way to change it, approve it and reject it, whatever the screen.

A changed payout account is the classic way to steal client money, so every change goes through
``client_iban_wijzig``: the portal's order form, the staff screens and the Django admin alike. A change starts
the hold: payouts to the new IBAN wait (``uitbetaling``, 7 days) until a case manager who did not make the
change approves it (``client_iban_keur_goed``), typically after calling the client on the number we already
had. ``client_iban_wijs_af`` puts the previous account back. ``iban_waarschuwingen`` tells the approver when the
new IBAN is one of the agency's own accounts, another client's or a debtor's.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN

from accounts.models import User
from accounts.roles import BEHEERDER, CASEMANAGER, CLIENT, heeft_rol

from .models import Client, Debiteur, Dossier, TijdlijnGebeurtenis
from .services.tijdlijn import tijdlijn_voeg_toe


def iban_normaliseer(iban: str) -> str:
    """Upper case without spaces, checked with schwifty; '' stays ''. Raises ValidationError in Dutch."""
    waarde = (iban or "").replace(" ", "").upper()
    if waarde:
        try:
            IBAN(waarde)
        except Exception as exc:  # schwifty raises several exception types
            raise ValidationError(
                {"uitbetaal_iban": [_("Dit IBAN klopt niet. Controleer het nummer.")]}
            ) from exc
    return waarde


def _kort(iban: str) -> str:
    return f"…{iban[-4:]}" if iban else "—"


@transaction.atomic
def client_iban_wijzig(
    *, client: Client, iban: str, tenaamstelling: str, door: User | None, nu: datetime | None = None
) -> Client:
    """Set the client's payout IBAN. A change starts the hold (``iban_gewijzigd_op``, approval cleared) and
    keeps the previous account for the approver; the client's open dossiers get a timeline line.

    A first IBAN set by the client themselves starts no hold (there is nothing to redirect from); a first
    IBAN set by staff or in the admin does, because then someone other than the account holder chose it."""
    nu = nu or timezone.now()
    nieuw = iban_normaliseer(iban)
    naam = (tenaamstelling or "").strip()
    client = Client.objects.select_for_update().get(pk=client.pk)
    oud = (client.uitbetaal_iban or "").replace(" ", "").upper()
    if nieuw == oud:
        if naam != client.uitbetaal_tenaamstelling:
            _sla_op(client=client, velden={"uitbetaal_tenaamstelling": naam}, door=door)
        return client
    door_client_zelf = door is not None and client.user_id == door.pk and heeft_rol(door, CLIENT)
    hold = bool(nieuw) and (bool(oud) or not door_client_zelf)
    velden: dict[str, object] = {"uitbetaal_iban": nieuw, "uitbetaal_tenaamstelling": naam}
    if hold:
        velden.update(
            vorig_uitbetaal_iban=oud,
            vorige_tenaamstelling=client.uitbetaal_tenaamstelling if oud else "",
            iban_gewijzigd_op=nu,
            iban_gewijzigd_door=door,
            iban_goedgekeurd_door=None,
        )
    _sla_op(client=client, velden=velden, door=door)
    tekst = _(
        "Het IBAN voor uitbetaling is gewijzigd van %(oud)s naar %(nieuw)s. Uitbetalingen naar het nieuwe "
        "nummer wachten tot een medewerker het heeft gecontroleerd."
    ) % {"oud": _kort(oud), "nieuw": _kort(nieuw)}
    _op_tijdlijn(client=client, tekst=tekst, door=door, sleutel=f"iban:{client.pk}:{nu.isoformat()}")
    return client


@transaction.atomic
def client_iban_keur_goed(*, client: Client, door: User) -> Client:
    """A case manager (or beheerder) approves the pending new IBAN; never the person who made the change."""
    if not heeft_rol(door, CASEMANAGER, BEHEERDER):
        raise ValidationError(_("Alleen een casemanager kan een nieuw IBAN goedkeuren."))
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.iban_gewijzigd_op is None:
        raise ValidationError(_("Er wacht geen nieuw IBAN op goedkeuring."))
    if client.iban_gewijzigd_door_id == door.pk:
        raise ValidationError(
            _("U hebt dit IBAN zelf gewijzigd; een andere medewerker moet het goedkeuren (vier ogen).")
        )
    _sla_op(client=client, velden={"iban_goedgekeurd_door": door}, door=door)
    _op_tijdlijn(
        client=client,
        tekst=_("Het nieuwe IBAN voor uitbetaling (%(iban)s) is gecontroleerd en goedgekeurd.")
        % {"iban": _kort(client.uitbetaal_iban)},
        door=door,
        sleutel=f"iban:{client.pk}:{client.iban_gewijzigd_op.isoformat()}:goed",
    )
    return client


@transaction.atomic
def client_iban_wijs_af(*, client: Client, door: User, reden: str = "") -> Client:
    """Reject the pending new IBAN: the previous account (and name) is the payout account again and the hold
    ends. Returns the client with the IBAN that payouts go to now."""
    if not heeft_rol(door, CASEMANAGER, BEHEERDER):
        raise ValidationError(_("Alleen een casemanager kan een nieuw IBAN afwijzen."))
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.iban_gewijzigd_op is None:
        raise ValidationError(_("Er wacht geen nieuw IBAN op goedkeuring."))
    if client.iban_goedgekeurd_door_id is not None:
        raise ValidationError(_("Dit IBAN is al goedgekeurd; wijzig het zo nodig opnieuw."))
    afgewezen = client.uitbetaal_iban
    velden: dict[str, object] = {
        "uitbetaal_iban": client.vorig_uitbetaal_iban,
        "uitbetaal_tenaamstelling": client.vorige_tenaamstelling,
        "vorig_uitbetaal_iban": "",
        "vorige_tenaamstelling": "",
        "iban_gewijzigd_op": None,
        "iban_gewijzigd_door": None,
        "iban_goedgekeurd_door": None,
    }
    _sla_op(client=client, velden=velden, door=door)
    tekst = _("Het nieuwe IBAN voor uitbetaling (%(iban)s) is afgewezen; wij betalen uit op %(oud)s.") % {
        "iban": _kort(afgewezen),
        "oud": _kort(client.uitbetaal_iban),
    }
    if reden.strip():
        tekst += " " + _("Reden: %(reden)s") % {"reden": reden.strip()}
    _op_tijdlijn(client=client, tekst=tekst, door=door, sleutel="")
    return client


def _sla_op(*, client: Client, velden: dict[str, object], door: User | None) -> None:
    """Write the changed fields of the locked ``client`` with ``save`` (not a queryset update), so the change is
    in the client's history (who, when, from, to): the answer to a dispute about a payout account."""
    for veld, waarde in velden.items():
        setattr(client, veld, waarde)
    if door is not None:
        client._history_user = door
    client.save(update_fields=list(velden))


def _op_tijdlijn(*, client: Client, tekst: str, door: User | None, sleutel: str) -> None:
    for dossier in Dossier.objects.filter(client=client, status__in=Dossier.OPEN_STATUSSEN):
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.UITBETALING,
            tekst=tekst,
            door=door,
            sleutel=f"{sleutel}:{dossier.pk}" if sleutel else "",
        )


# --- warnings for the approver ------------------------------------------------------------------------


def _genormaliseerd(veld: str):
    return Replace(Upper(veld), Value(" "), Value(""))


def iban_waarschuwingen(*, client: Client, iban: str, eigen_rekeningen: set[str]) -> list[str]:
    """Why an approver should look twice at ``iban`` as this client's payout account (Dutch, for the page).
    ``eigen_rekeningen``: the agency's own accounts as ``inning.selectors.eigen_rekeningen`` gives them (the
    caller reads them once for a whole list)."""
    waarde = (iban or "").replace(" ", "").upper()
    if not waarde:
        return []
    meldingen = []
    if waarde in eigen_rekeningen:
        meldingen.append(_("Dit is een rekening van het bureau zelf."))
    andere = list(
        Client.objects.annotate(n=_genormaliseerd("uitbetaal_iban"))
        .filter(n=waarde)
        .exclude(pk=client.pk)
        .values_list("naam", flat=True)[:3]
    )
    if andere:
        meldingen.append(_("Dit IBAN hoort bij een andere cliënt: %(namen)s.") % {"namen": ", ".join(andere)})
    debiteuren = list(
        Debiteur.objects.annotate(n=_genormaliseerd("iban"))
        .filter(n=waarde)
        .values_list("naam", flat=True)[:3]
    )
    if debiteuren:
        meldingen.append(_("Dit IBAN hoort bij een debiteur: %(namen)s.") % {"namen": ", ".join(debiteuren)})
    return meldingen
