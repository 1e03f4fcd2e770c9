"""Rejecting a client's new payout IBAN from the payout side: the waiting payouts go to the previous account.

Approving lives in ``services.uitbetaling_iban_keur_goed``; both go through ``dossiers.iban`` for the client's
account, so the hold, the four eyes and the timeline are the same whatever the screen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dossiers.iban import client_iban_wijs_af
from dossiers.models import Client

from .models import Uitbetaling
from .selectors import GOEDGEKEURDE_STATUSSEN
from .services import UitbetalingFout, _boeking_in_wachtrij, _sepa_bestand_voor


@transaction.atomic
def uitbetaling_iban_wijs_af(*, uitbetaling: Uitbetaling, door, reden: str = "") -> Client:
    """Reject the new IBAN a waiting payout was made for. The client's previous IBAN is the payout account
    again, and every payout of this client still waiting for the rejected IBAN is redirected to it (in an
    approved batch it gets its own SEPA file and is booked, as after an approval). Without a previous IBAN the
    payouts keep waiting until the client gives a new account."""
    u = Uitbetaling.objects.select_for_update().get(pk=uitbetaling.pk)
    if not u.wacht_op_iban_goedkeuring:
        raise UitbetalingFout("Deze uitbetaling wacht niet (meer) op goedkeuring van een IBAN.")
    afgewezen = u.iban
    try:
        client = client_iban_wijs_af(client=u.client, door=door, reden=reden)
    except ValidationError as exc:
        raise UitbetalingFout(" ".join(exc.messages)) from exc
    if not client.uitbetaal_iban:
        return client
    wachtend = list(
        Uitbetaling.objects.select_for_update()
        .select_related("batch")
        .filter(client=client, wacht_op_iban_goedkeuring=True, iban=afgewezen, sepa_bestand__isnull=True)
        .exclude(status=Uitbetaling.Status.VERVALLEN)
    )
    for w in wachtend:
        w.iban = client.uitbetaal_iban
        w.naam = client.uitbetaal_tenaamstelling or client.naam
        w.wacht_op_iban_goedkeuring = False
        w.save(update_fields=["iban", "naam", "wacht_op_iban_goedkeuring"])
        # Only an approved batch pays now; a prepared or released one waits for its approval (four eyes), a
        # rejected one pays nothing.
        if w.batch.status in GOEDGEKEURDE_STATUSSEN:
            _sepa_bestand_voor(batch=w.batch, uitbetalingen=[w])
            transaction.on_commit(lambda batch_id=w.batch_id: _boeking_in_wachtrij(batch_id))
    return client
