"""The bank statement's hook for SEPA direct debit: a line whose EndToEndId is one of our collections is
handled by ``automatische_incasso`` (a credit: one receipt matched to the dossier; a debit: a return with
its reason code). Anything else goes the ordinary way (``bank.ontvangsten``, ``bank.services``)."""

from __future__ import annotations

from automatische_incasso.services import incasso_credit_verwerk, incasso_storno_verwerk
from inning.models import Bankregel


def is_incasso_regel(regel: Bankregel) -> bool:
    """Does the line carry one of our collections' EndToEndIds? (No query for the many ordinary lines.)"""
    return regel.end_to_end_id.startswith("NLAI-I")


def incasso_regel_verwerk(regel: Bankregel, *, door=None) -> bool:
    """True when the line was a collection's credit or return and is done."""
    if not is_incasso_regel(regel):
        return False
    if regel.bedrag > 0:
        return incasso_credit_verwerk(regel=regel, door=door)
    if incasso_storno_verwerk(regel=regel, door=door):
        regel.verwerking = Bankregel.Verwerking.TERUGBOEKING
        regel.save(update_fields=["verwerking"])
        return True
    return False
