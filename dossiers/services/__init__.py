"""Writes on dossiers. Keyword-only, typed, atomic; side effects via transaction.on_commit.

One module per part: ``opdracht`` (orders and intake), ``status`` (accepting, refusing, state changes),
``tijdlijn`` (timeline, tasks, next action, notes, messages, audit), ``partijen`` (clients); callers import
from here. The entry points only a screen calls are durable; the ones other apps call inside their own
transaction are not: ``dossier_accepteer`` runs inside ``incasso.services.opdracht_accepteer``,
``opdracht_registreer`` inside the portal's order and the phone order (``dossiers.telefoon``),
``dossier_status_wijzig`` inside the bailiff's services."""

from .opdracht import (
    VOLGENDE_ACTIE_BEOORDELEN,
    betaalkenmerk_controleer,
    betaalkenmerk_maak,
    opdracht_registreer,
    opdracht_valideer,
)
from .partijen import client_maak
from .status import (
    _opgeschort_vanuit,
    dossier_accepteer,
    dossier_status_wijzig,
    dossier_weiger,
    dossier_wettelijke_rente_zet,
    status_tijdlijn_tekst,
)
from .tijdlijn import (
    bericht_stuur,
    berichten_gelezen_markeer,
    dossier_inzage_log,
    notitie_maak,
    taak_maak,
    taak_rond_af,
    taak_tijdlijn_tekst,
    telefoonnotitie_maak,
    tijdlijn_voeg_toe,
    volgende_actie_wijzig,
    volgende_actie_zet,
)

__all__ = [
    "VOLGENDE_ACTIE_BEOORDELEN",
    "_opgeschort_vanuit",
    "bericht_stuur",
    "berichten_gelezen_markeer",
    "betaalkenmerk_controleer",
    "betaalkenmerk_maak",
    "client_maak",
    "dossier_accepteer",
    "dossier_inzage_log",
    "dossier_status_wijzig",
    "dossier_weiger",
    "dossier_wettelijke_rente_zet",
    "notitie_maak",
    "opdracht_registreer",
    "opdracht_valideer",
    "status_tijdlijn_tekst",
    "taak_rond_af",
    "taak_maak",
    "taak_tijdlijn_tekst",
    "telefoonnotitie_maak",
    "tijdlijn_voeg_toe",
    "volgende_actie_wijzig",
    "volgende_actie_zet",
]
