"""Writes on the bailiff track: instructing a bailiff, recording steps with their statutory deadlines and
tariffs, laying a garnishment (with its beslagvrije voet), concurrent garnishments, visits and the money the
bailiff passes on.

One module per part of the track (``opdracht``, ``stappen``, ``beslagen``, ``ontvangsten``, the hourly
``controle``; ``gemeen`` holds the checks they share); callers import from here.

Every refusal is a ``django.core.exceptions.ValidationError`` with a Dutch message per field, so forms show it
beside the input and the API returns it as a 400.

The bailiff track sits above incasso (consent, outbox), inning (ledger, arrears) and dossiers (timeline, state):
it calls their services directly. The entry points called from a view or a task are durable; the steps a
garnishment or a visit records through ``stap_registreer`` (and ``bvv_vaststel``) run inside their caller's
transaction.
"""

from .beslagen import (
    BESLAG_STAP,
    BESLAG_TOESTEMMING,
    DERDE_SOORTEN,
    beslag_leg,
    bvv_bereken_met_tabellen,
    bvv_uitkomst_json,
    bvv_vaststel,
    samenloop_registreer,
)
from .bvv_opgave import BvvAntwoorden, bvv_opgave_beoordeel, bvv_opgave_dien_in
from .controle import beslag_controleer
from .gemeen import buitenland_reden, tenuitvoerlegging_controleer
from .ontvangsten import beslag_ontvangst_registreer, ontvangsten_controleer
from .opdracht import (
    ANTWOORD_WERKDAGEN,
    derde_maak,
    deurwaarder_instrueer,
    kantoor_maak,
    opdracht_beantwoord,
    opdrachtbrief_context,
    opdrachtbrief_verstuur,
    rappels_verstuur,
)
from .stappen import (
    STUITENDE_STAPPEN,
    VERVULT,
    beslag_termijnen_opruimen,
    beslagstap_termijn_afhandel,
    bezoek_plan,
    stap_registreer,
    stap_voorstel,
)

__all__ = [
    "ANTWOORD_WERKDAGEN",
    "BESLAG_STAP",
    "BESLAG_TOESTEMMING",
    "DERDE_SOORTEN",
    "STUITENDE_STAPPEN",
    "VERVULT",
    "BvvAntwoorden",
    "beslag_controleer",
    "beslag_leg",
    "beslag_ontvangst_registreer",
    "beslag_termijnen_opruimen",
    "beslagstap_termijn_afhandel",
    "bezoek_plan",
    "buitenland_reden",
    "bvv_bereken_met_tabellen",
    "bvv_opgave_beoordeel",
    "bvv_opgave_dien_in",
    "bvv_uitkomst_json",
    "bvv_vaststel",
    "derde_maak",
    "deurwaarder_instrueer",
    "kantoor_maak",
    "ontvangsten_controleer",
    "opdracht_beantwoord",
    "opdrachtbrief_context",
    "opdrachtbrief_verstuur",
    "rappels_verstuur",
    "samenloop_registreer",
    "stap_registreer",
    "stap_voorstel",
    "tenuitvoerlegging_controleer",
]
