"""Writes of the collection workflow, one module per sub-domain: reminders (``aanmaning``), consent
(``toestemming``), letters by key and the print batch (``brieven``), payment arrangements (``regeling``) and their daily check (``regelcontrole``), requests
to third parties (``derden``), status updates to the client (``statusupdate``) and the stagnation sweep
(``controles``).

Side effects that leave the process (letters, e-mails) go through Celery tasks after commit. The public
services are re-exported here: ``from incasso.services import toestemming_vraag`` and
``from incasso import services`` keep working.
"""

from .aanmaning import (
    aanmaning_achtervang,
    aanmaning_stuur,
    escalatie_stel_voor,
    opdracht_accepteer,
    sommatie_plan,
    sommatie_stuur,
    termijn_controle,
)
from .brieven import brief_stuur, printbatch_dag_maak, printbatch_maak, printbatch_plan
from .controles import stagnatie_controle
from .derden import verzoek_derde_beantwoord, verzoek_derde_maak
from .regelcontrole import regeling_controle
from .regeling import (
    betalingsregeling_beoordeel,
    betalingsregeling_maak,
    betalingsregeling_voorstel_debiteur,
    regelingregels_wijzig,
)
from .statusupdate import statusupdate_periodiek_stuur, statusupdate_stuur
from .toestemming import toestemming_beantwoord, toestemming_controle, toestemming_vraag

__all__ = [
    "aanmaning_achtervang",
    "aanmaning_stuur",
    "brief_stuur",
    "printbatch_dag_maak",
    "printbatch_maak",
    "printbatch_plan",
    "sommatie_plan",
    "sommatie_stuur",
    "betalingsregeling_beoordeel",
    "betalingsregeling_maak",
    "betalingsregeling_voorstel_debiteur",
    "regelingregels_wijzig",
    "escalatie_stel_voor",
    "opdracht_accepteer",
    "regeling_controle",
    "stagnatie_controle",
    "statusupdate_periodiek_stuur",
    "statusupdate_stuur",
    "termijn_controle",
    "toestemming_beantwoord",
    "toestemming_controle",
    "toestemming_vraag",
    "verzoek_derde_beantwoord",
    "verzoek_derde_maak",
]
