"""``demo_schrijf``: the plan and each dossier's history go to the database in blocks of ``BLOK`` dossiers,
one transaction each, with a fixed number of statements per block (issue 8: 100,000 dossiers in minutes)."""

from __future__ import annotations

from datetime import date
from time import perf_counter

from django.db import transaction
from django.utils import timezone

from demo.plan import STATUS_PAD, DemoDossier
from demo.schrijven import Bulk
from demo.verloop import Verloopschrijver
from dossiers.models import (
    Bericht,
    Client,
    Debiteur,
    Dossier,
    EenmaligeVordering,
    Opdracht,
    StatusOvergang,
    Taak,
    TijdlijnGebeurtenis,
    Titel,
    Verplichting,
)
from dossiers.services import betaalkenmerk_maak
from recht.kalender import Kalender
from tarieven.selectors import kalender as tarieven_kalender

# Dossiers per transaction: each block commits balanced books on its own, so memory (and PostgreSQL's
# queue of deferred constraint checks) stays flat in N.
BLOK = 5000


def demo_schrijf(
    *,
    plan: list[DemoDossier],
    casemanagers: list,
    client_users: dict,
    seed: int = 1,
    vandaag: date | None = None,
    kalender: Kalender | None = None,
    voortgang=None,
) -> dict[str, int]:
    """Write the plan and its history (money, letters, arrangements, bailiff tracks) in blocks of ``BLOK``
    dossiers, one transaction each, with a fixed number of statements per block. Returns rows per model.
    ``kalender`` is the working-day calendar with the decree days (``tarieven.selectors.kalender()`` when
    not given)."""

    vandaag = vandaag or timezone.localdate()
    w = Bulk()
    verloop = Verloopschrijver(
        w, seed=seed, vandaag=vandaag, casemanagers=casemanagers, kalender=kalender or tarieven_kalender()
    )
    clients: dict[str, object] = {}
    laatste_nummer: dict[int, int] = {}
    for start in range(0, len(plan), BLOK):
        t0 = perf_counter()
        with transaction.atomic():
            if w.pg:
                with w.connection.cursor() as c:
                    c.execute("SET LOCAL synchronous_commit TO OFF")  # demo data: a crash means reseeding
                    if w.snel:
                        c.execute("SET LOCAL session_replication_role = replica")
            _blok_schrijf(
                w,
                plan[start : start + BLOK],
                casemanagers=casemanagers,
                client_users=client_users,
                clients=clients,
                laatste_nummer=laatste_nummer,
                verloop=verloop,
            )
            if w.pg and w.snel:
                tc = perf_counter()
                w.controleer()
                w.seconden["controle"] = w.seconden.get("controle", 0.0) + perf_counter() - tc
            t1 = perf_counter()
        # Committing runs PostgreSQL's deferred checks: the foreign keys and the journal's balance trigger.
        w.seconden["commit"] = w.seconden.get("commit", 0.0) + perf_counter() - t1
        w.seconden["blokken"] = w.seconden.get("blokken", 0.0) + perf_counter() - t0
        if voortgang is not None:
            voortgang(min(start + BLOK, len(plan)), len(plan), perf_counter() - t0)
    LAATSTE_SECONDEN.clear()
    LAATSTE_SECONDEN.update(w.seconden)
    return w.telling


# Where the last ``demo_schrijf`` spent its time (for the command's report).
LAATSTE_SECONDEN: dict[str, float] = {}


def _blok_schrijf(w: Bulk, plan, *, casemanagers, client_users, clients, laatste_nummer, verloop) -> None:
    # Clients: demo users keep one Client record; other keys are new clients.
    nieuw = []
    for d in plan:
        if d.client_sleutel in clients:
            continue
        if d.client_sleutel.startswith("user:"):
            user = client_users[d.client_sleutel[5:]]
            client = Client.objects.filter(user=user).first()
            if client is None:
                client = Client.objects.create(user=user, **d.client)
            clients[d.client_sleutel] = client
        else:
            client = Client(**d.client)
            clients[d.client_sleutel] = client
            nieuw.append(client)
    w.objecten(Client, nieuw)

    debiteuren = w.objecten(Debiteur, [Debiteur(**d.debiteur) for d in plan])

    # Numbers per year of receipt, after what already exists.
    dossiers = []
    for d, deb in zip(plan, debiteuren, strict=True):
        jaar = timezone.localtime(d.ontvangen_op).year
        if jaar not in laatste_nummer:
            bestaand = (
                Dossier.objects.filter(nummer__startswith=f"{jaar}-")
                .order_by("-nummer")
                .values_list("nummer", flat=True)
                .first()
            )
            laatste_nummer[jaar] = int(bestaand.split("-")[1]) if bestaand else 0
        laatste_nummer[jaar] += 1
        volg = laatste_nummer[jaar]
        gesloten = d.status in ("gesloten", "geweigerd")
        dossiers.append(
            Dossier(
                nummer=f"{jaar}-{volg:06d}",
                betaalkenmerk=betaalkenmerk_maak(volgnummer=int(f"{jaar}{volg:06d}")),
                client=clients[d.client_sleutel],
                debiteur=deb,
                status=d.status,
                casemanager=casemanagers[d.casemanager_index] if d.casemanager_index is not None else None,
                volgende_actie=d.volgende_actie,
                volgende_actie_datum=d.volgende_actie_datum,
                opgeschort_tot=d.opgeschort_tot,
                status_reden=d.status_reden,
                laatste_gebeurtenis_op=d.laatste_gebeurtenis_op,
                aangemaakt_op=d.ontvangen_op,
                gesloten_op=d.laatste_gebeurtenis_op if gesloten else None,
            )
        )
    # The dossier's history (money, letters, arrangement, bailiff) may end after the plan's last event.
    for d, dos in zip(plan, dossiers, strict=True):
        dos.pk = w.nieuw_id(Dossier)
        laatste = verloop.dossier(d, dos)
        if laatste is not None and laatste > dos.laatste_gebeurtenis_op and not d.stagnant:
            dos.laatste_gebeurtenis_op = laatste
    w.objecten(Dossier, dossiers)

    opdrachten, titels, overgangen, tijdlijn, taken, berichten = [], [], [], [], [], []
    for d, dos in zip(plan, dossiers, strict=True):
        beoordeeld = d.status != "intake"
        opdrachten.append(
            Opdracht(
                dossier=dos,
                ontvangen_op=d.ontvangen_op,
                kanaal=d.kanaal,
                voorwaarden_versie="2026-1",
                voorwaarden_geaccepteerd_op=d.ontvangen_op,
                beoordeeld_door=dos.casemanager if beoordeeld else None,
                beoordeeld_op=d.tijdlijn[1][1] if beoordeeld and len(d.tijdlijn) > 1 else None,
                weigerreden=d.status_reden if d.status == "geweigerd" else "",
            )
        )
        titels.append(Titel(dossier=dos, **d.titel))
        pad = STATUS_PAD[d.status]
        overgangen.extend(
            StatusOvergang(dossier=dos, van=van, naar=naar, door=dos.casemanager, op=d.momenten.get(naar))
            for van, naar in zip(["", *pad], pad, strict=False)
        )
        for n, (soort, op, tekst, intern) in enumerate(d.tijdlijn):
            tijdlijn.append(
                TijdlijnGebeurtenis(
                    dossier=dos,
                    soort=soort,
                    op=op,
                    tekst=tekst,
                    intern=intern,
                    door=dos.casemanager if soort not in ("opdracht",) else None,
                    sleutel=f"demo:{n}",
                )
            )
        taken.extend(
            Taak(
                dossier=dos, omschrijving=o, deadline=dl, toegewezen_aan=dos.casemanager, sleutel=f"demo:{n}"
            )
            for n, (o, dl) in enumerate(d.taken)
        )
        for van_client, tekst, op, gelezen in d.berichten:
            # A client writes through the portal, so only clients with a portal account have messages.
            afzender = dos.client.user if van_client else dos.casemanager
            if afzender is None:
                continue
            berichten.append(
                Bericht(
                    dossier=dos,
                    afzender=afzender,
                    van_client=van_client,
                    tekst=tekst,
                    gelezen_op=op if gelezen else None,
                    verstuurd_op=op,
                )
            )
            tijdlijn.append(
                TijdlijnGebeurtenis(
                    dossier=dos,
                    soort="bericht",
                    op=op,
                    door=afzender,
                    tekst=("Bericht van de cliënt: " if van_client else "Bericht van de casemanager: ")
                    + tekst,
                )
            )
    w.objecten(Opdracht, opdrachten)
    w.objecten(Titel, titels)
    titel_van = {t.dossier_id: t for t in titels}
    w.objecten(
        Verplichting,
        [
            Verplichting(dossier=dos, titel=titel_van[dos.pk], **v)
            for d, dos in zip(plan, dossiers, strict=True)
            for v in d.verplichtingen
        ],
    )
    w.objecten(
        EenmaligeVordering,
        [
            EenmaligeVordering(dossier=dos, **e)
            for d, dos in zip(plan, dossiers, strict=True)
            for e in d.eenmalig
        ],
    )
    w.objecten(StatusOvergang, overgangen)
    w.objecten(TijdlijnGebeurtenis, tijdlijn)
    w.objecten(Taak, taken)
    w.objecten(Bericht, berichten)
    verloop.rekeningen()
    w.schrijf()
