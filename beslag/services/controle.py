"""The hourly check of the bailiff track (task ``beslag.tasks.beslag_controle``)."""

from __future__ import annotations

from datetime import date

from .ontvangsten import ontvangsten_controleer
from .opdracht import rappels_verstuur
from .stappen import beslag_termijnen_opruimen


def beslag_controleer(*, vandaag: date) -> dict:
    """Flag garnishment months without a receipt, remind bailiffs who did not answer and close deadlines long
    passed. Not atomic: each part commits per item, so a failure halfway keeps what was done (and a rerun
    skips it: every part is idempotent)."""
    return {
        "ontbrekend": ontvangsten_controleer(vandaag=vandaag),
        "rappels": rappels_verstuur(vandaag=vandaag),
        "opgeruimd": beslag_termijnen_opruimen(vandaag=vandaag),
    }
