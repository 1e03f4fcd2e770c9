"""A payout seen on our bank statement: its debit carries the payout's end-to-end id.

The bank import (``inning``) hands every debit line here before calling it unknown. A debit matches a payout
when the end-to-end id is the payout's, the payout is in a SEPA file (so its batch was approved), and the
amount is exactly the payout's net amount; the payout then becomes "uitgevoerd", the only state in which the
client is told that the money was transferred. Anything else (another amount, a second debit with the same
id) is not ours to explain and stays on the reconciliation page as a debit without a booking.

The ledger already holds the payout (booked on approval: ``Cr bank_derdengelden netto``), so matching books
nothing: it records that the bank did what the ledger says.
"""

from __future__ import annotations

from django.db import transaction

from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from recht.geld import euro

from .models import Uitbetaling
from .selectors import uitbetaling_dossier_ids

__all__ = ["uitbetaling_uitgevoerd"]


@transaction.atomic
def uitbetaling_uitgevoerd(*, regel) -> Uitbetaling | None:
    """Match the debit bank line ``regel`` (``inning.models.Bankregel``, amount negative) to our payout and
    mark that payout "uitgevoerd". Returns the payout, or None when the line is not one of ours."""
    if not regel.end_to_end_id or regel.bedrag >= 0:
        return None
    u = (
        Uitbetaling.objects.select_for_update()
        .select_related("batch")
        .filter(end_to_end_id=regel.end_to_end_id, sepa_bestand__isnull=False)
        .first()
    )
    if u is None or u.netto != -regel.bedrag:
        return None
    if u.uitgevoerd_bankregel_id is not None:
        return u if u.uitgevoerd_bankregel_id == regel.pk else None
    u.bankstatus = Uitbetaling.Bankstatus.UITGEVOERD
    u.uitgevoerd_bankregel = regel
    u.uitgevoerd_op = regel.datum
    u.save(update_fields=["bankstatus", "uitgevoerd_bankregel", "uitgevoerd_op"])
    for dossier in Dossier.objects.filter(pk__in=uitbetaling_dossier_ids(uitbetaling=u)):
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.UITBETALING,
            tekst=(
                f"Uitbetaling week {u.batch.week}: {euro(u.netto)} is op {regel.datum:%d-%m-%Y} overgemaakt "
                f"naar {u.iban} ({u.end_to_end_id})."
            ),
            sleutel=f"uitbetaling-uitgevoerd:{u.pk}",
        )
    return u
