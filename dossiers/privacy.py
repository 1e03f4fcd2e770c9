"""AVG (GDPR): the retention policy and the access request (inzageverzoek).

Retention. A closed dossier's personal data is kept `settings.AVG_BEWAARJAREN` years after closing (default
7: the books and their underlying records, art. 2:10 BW and art. 52 AWR), then anonymised. Dossiers that
share a client or a debtor form one group, and a group is anonymised only as a whole: every dossier closed
that long, no balance left on any of its ledger accounts or its clients' accounts, no payout still on its way.
Otherwise the group is skipped and the reasons go into the run's log row (`Bewaartermijnrun`).

The ledger stays as it is: journal entries and lines are append-only (database triggers) and keep their
amounts; their accounts point at the anonymised dossier and client rows, so the figures remain, under
anonymised parties. Descriptions written into journal entries before anonymisation stay too.

What is scrubbed is found generically, because dossiers sits below inning, incasso, beslag and uitbetaling
and may not import them: every row that points at a person, at the client's user or at one of the group's
dossiers (level 1), and the rows those point at (level 2 and 3: the bank line of a receipt, the SEPA file of
a payout), get the persons' identifying strings (names, e-mail, IBAN, phone, street) replaced in every text
and JSON column. Level-1 rows also lose their free text (TextFields) and their files. Tables the database
refuses to update (the journal) are never touched. The one place this module names upper apps' data is the
blocking check: the reverse relations `rekeningen` (inning) and `uitbetalingen` (uitbetaling) by name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from simple_history.models import registered_models

from accounts.models import User
from recht.verjaring import plus_jaren

from .models import Bewaartermijnrun, Client, Debiteur, Document, Dossier, Verplichting

GESLOTEN = (Dossier.Status.GESLOTEN, Dossier.Status.GEWEIGERD)
BATCH = 100
KORTSTE_ZOEKTEKST = 5  # shorter strings ("Jan", a house number) would hit other people's text
DOCUMENT_WEG = "Verwijderd na de bewaartermijn"


# --- who and what ----------------------------------------------------------------------------------------


def _label(persoon: Client | Debiteur) -> str:
    return f"Geanonimiseerd {'C' if isinstance(persoon, Client) else 'D'}{persoon.pk}"


def _email_label(persoon: Client | Debiteur) -> str:
    return f"geanonimiseerd-{'c' if isinstance(persoon, Client) else 'd'}{persoon.pk}@anoniem.invalid"


def _patroon(tekst: str, *, iban: bool = False) -> re.Pattern | None:
    tekst = (tekst or "").strip()
    if len(tekst) < KORTSTE_ZOEKTEKST:
        return None
    if iban:  # an IBAN is also written in groups of four
        return re.compile(r"\s?".join(re.escape(c) for c in tekst.replace(" ", "")), re.IGNORECASE)
    return re.compile(re.escape(tekst), re.IGNORECASE)


def _vervangingen(
    persoon: Client | Debiteur, *, naam_door: str | None = None
) -> list[tuple[re.Pattern, str]]:
    """(pattern, replacement) for the person's identifying strings; longest first, so "S. Visser" goes before
    "Visser". `naam_door` None keeps the names (the access request masks only the other party's details)."""
    namen, emails, ibans, overig = [persoon.naam], [persoon.email], [], [persoon.telefoon, persoon.straat]
    if isinstance(persoon, Client):
        namen += [persoon.uitbetaal_tenaamstelling, persoon.vorige_tenaamstelling]
        ibans += [persoon.uitbetaal_iban, persoon.vorig_uitbetaal_iban]
        if persoon.user_id:
            emails.append(persoon.user.email)
            namen.append(persoon.user.get_full_name())
    else:
        ibans.append(persoon.iban)
    paren: list[tuple[str, re.Pattern | None, str]] = []
    if naam_door is not None:
        paren += [(n, _patroon(n), naam_door) for n in namen]
    paren += [(e, _patroon(e), _email_label(persoon) if naam_door else "[e-mailadres]") for e in emails]
    paren += [(i, _patroon(i, iban=True), "" if naam_door else "[IBAN]") for i in ibans]
    paren += [(o, _patroon(o), "" if naam_door else "[gegevens wederpartij]") for o in overig]
    paren.sort(key=lambda p: -len(p[0] or ""))
    return [(p, vervanging) for _, p, vervanging in paren if p is not None]


def _vervang(tekst: str, vervangingen: list[tuple[re.Pattern, str]]) -> str:
    for patroon, vervanging in vervangingen:
        tekst = patroon.sub(vervanging, tekst)
    return tekst


def _tabellen_alleen_toevoegen() -> frozenset[str]:
    """Tables with a trigger on UPDATE (the journal): rows there are never changed, whatever they say."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND (t.tgtype & 16) <> 0"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%UPDATE%'"
            )
        return frozenset(r[0] for r in cursor.fetchall())


def _verwijzers(
    model: type[models.Model], pks: Iterable[int], *, verborgen: bool = True
) -> Iterator[tuple[models.QuerySet, bool]]:
    """Per reverse one-to-many/one-to-one relation of `model`: (the rows pointing at `pks`, whether the
    relation is hidden). A hidden relation (related_name "+") is an audit pointer or a suggestion ("who did
    it", "which dossier might this receipt be for"), not data that belongs to the person."""
    pks = list(pks)
    if not pks:
        return
    for veld in model._meta.get_fields(include_hidden=verborgen):
        if veld.auto_created and not veld.concrete and (veld.one_to_many or veld.one_to_one):
            qs = veld.related_model._base_manager.filter(**{f"{veld.field.name}__in": pks})
            yield qs, veld.hidden


# --- scrubbing -------------------------------------------------------------------------------------------


def _rij_schoon(
    obj: models.Model, vervangingen: list[tuple[re.Pattern, str]], *, tekst_leeg: bool, bestanden_weg: bool
) -> bool:
    nieuw: dict[str, object] = {}
    for veld in obj._meta.concrete_fields:
        if veld.primary_key or veld.is_relation:
            continue
        waarde = getattr(obj, veld.attname)
        if isinstance(veld, models.FileField):
            if bestanden_weg and waarde:
                # the file goes only when the row's change is committed (a rollback keeps both)
                transaction.on_commit(partial(waarde.storage.delete, waarde.name))
                nieuw[veld.attname] = ""
        elif isinstance(veld, models.JSONField):
            if waarde:
                tekst = json.dumps(waarde, ensure_ascii=False, cls=DjangoJSONEncoder)
                if (geschoond := _vervang(tekst, vervangingen)) != tekst:
                    nieuw[veld.attname] = json.loads(geschoond)
        elif isinstance(veld, models.CharField | models.TextField) and isinstance(waarde, str) and waarde:
            if tekst_leeg and isinstance(veld, models.TextField) and not veld.choices:
                geschoond = ""
            else:
                geschoond = _vervang(waarde, vervangingen)[: veld.max_length or None]
            if geschoond != waarde:
                nieuw[veld.attname] = geschoond
    if nieuw:
        type(obj)._base_manager.filter(pk=obj.pk).update(**nieuw)
    return bool(nieuw)


def _alles_schoon(
    wortels: dict[type[models.Model], set[int]], vervangingen: list[tuple[re.Pattern, str]]
) -> None:
    """Level 1: rows pointing at the roots (scrubbed, free text blanked, files deleted; through a hidden
    relation scrubbed only); level 2 and 3: rows those point at (scrubbed only: a bank statement or a SEPA file
    is shared with other people)."""
    vast = _tabellen_alleen_toevoegen()
    gezien: set[tuple[type, int]] = {(m, pk) for m, pks in wortels.items() for pk in pks}
    niveau: list[models.Model] = []
    relaties = [rel for model, pks in wortels.items() for rel in _verwijzers(model, pks)]
    # the person's own rows first: a row reached through a hidden relation too is still blanked
    for qs, verborgen in sorted(relaties, key=lambda rel: rel[1]):
        if qs.model._meta.db_table in vast or qs.model in wortels:
            continue
        for obj in qs:
            if (type(obj), obj.pk) not in gezien:
                gezien.add((type(obj), obj.pk))
                _rij_schoon(obj, vervangingen, tekst_leeg=not verborgen, bestanden_weg=not verborgen)
                niveau.append(obj)
    for _ in range(2):
        volgend: list[models.Model] = []
        for obj in niveau:
            for veld in obj._meta.concrete_fields:
                doel = veld.related_model
                pk = getattr(obj, veld.attname) if veld.is_relation else None
                if pk is None or doel in wortels or doel is get_user_model() or doel._meta.db_table in vast:
                    continue
                if (doel, pk) in gezien:
                    continue
                gezien.add((doel, pk))
                rij = doel._base_manager.filter(pk=pk).first()
                if rij is not None:
                    _rij_schoon(rij, vervangingen, tekst_leeg=False, bestanden_weg=False)
                    volgend.append(rij)
        niveau = volgend


# --- the policy ------------------------------------------------------------------------------------------


@dataclass
class Groep:
    """Dossiers that share a client or debtor: anonymised together or not at all."""

    dossiers: list[Dossier]
    redenen: list[str] = field(default_factory=list)

    @property
    def client_ids(self) -> set[int]:
        return {d.client_id for d in self.dossiers}

    @property
    def debiteur_ids(self) -> set[int]:
        return {d.debiteur_id for d in self.dossiers}

    def als_dict(self) -> dict:
        return {"dossiers": sorted(d.nummer for d in self.dossiers), "redenen": self.redenen}


def _met_saldo(qs, sleutel: str) -> set:
    """The ``sleutel`` values of the rows in ``qs`` that own a ledger account whose lines do not sum to 0."""
    rijen = (
        qs.values(sleutel, "rekeningen")
        .annotate(saldo=Sum("rekeningen__regels__bedrag"))
        .filter(saldo__isnull=False)
        .exclude(saldo=0)
    )
    return {rij[sleutel] for rij in rijen}


def bewaartermijn_grens(*, peildatum: date, jaren: int | None = None) -> datetime:
    """Dossiers closed before this moment have passed the retention period on `peildatum`: closed on 1 March
    2019, they are anonymised from 1 March 2026 (7 years), not on 28 February."""
    jaren = settings.AVG_BEWAARJAREN if jaren is None else jaren
    dag = plus_jaren(peildatum, -jaren) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(dag, time.min))


def _groep(dossier: Dossier, *, grens: datetime, vergrendel: bool = False) -> Groep:
    clients, debiteuren = {dossier.client_id}, {dossier.debiteur_id}
    while True:
        qs = Dossier.objects.filter(Q(client_id__in=clients) | Q(debiteur_id__in=debiteuren)).order_by("id")
        dossiers = list(qs.select_for_update() if vergrendel else qs)
        nieuw_c, nieuw_d = {d.client_id for d in dossiers}, {d.debiteur_id for d in dossiers}
        if nieuw_c <= clients and nieuw_d <= debiteuren:
            break
        clients, debiteuren = clients | nieuw_c, debiteuren | nieuw_d
    groep = Groep(dossiers=dossiers)
    for d in dossiers:
        if d.status not in GESLOTEN:
            groep.redenen.append(f"{d.nummer}: nog lopend ({d.get_status_display()})")
        elif d.gesloten_op is None or d.gesloten_op >= grens:
            groep.redenen.append(f"{d.nummer}: bewaartermijn nog niet verstreken")
    # The ledger and the payouts belong to upper apps; their reverse relations are read by name (see top).
    # A balance is the sum of an account's journal lines (the ledger keeps no stored balance).
    met_saldo = _met_saldo(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]), "nummer")
    groep.redenen += [f"{n}: saldo op het grootboek" for n in sorted(met_saldo)]
    clients_met_saldo = _met_saldo(Client.objects.filter(pk__in=clients), "pk")
    groep.redenen += [f"cliënt {pk}: saldo op het grootboek" for pk in sorted(clients_met_saldo)]
    open_uitbetaling = Client.objects.filter(pk__in=clients).filter(
        Q(uitbetalingen__status="voorbereid")
        | (Q(uitbetalingen__status="geboekt") & ~Q(uitbetalingen__bankstatus="uitgevoerd"))
    )
    groep.redenen += [
        f"cliënt {pk}: uitbetaling onderweg"
        for pk in open_uitbetaling.values_list("pk", flat=True).distinct()
    ]
    return groep


def _kandidaten(*, grens: datetime) -> Iterator[Dossier]:
    """Closed dossiers past the retention period and not yet anonymised, in batches by id."""
    vanaf = 0
    while True:
        batch = list(
            Dossier.objects.filter(
                status__in=GESLOTEN, gesloten_op__lt=grens, geanonimiseerd_op__isnull=True, pk__gt=vanaf
            ).order_by("pk")[:BATCH]
        )
        if not batch:
            return
        yield from batch
        vanaf = batch[-1].pk


def bewaartermijn_plan(*, peildatum: date, jaren: int | None = None) -> list[Groep]:
    """What a run on `peildatum` would do (the groups, with the reasons to skip); changes nothing."""
    grens = bewaartermijn_grens(peildatum=peildatum, jaren=jaren)
    groepen: list[Groep] = []
    gezien: set[int] = set()
    for kandidaat in _kandidaten(grens=grens):
        if kandidaat.pk not in gezien:
            groep = _groep(kandidaat, grens=grens)
            gezien |= {d.pk for d in groep.dossiers}
            groepen.append(groep)
    return groepen


@transaction.atomic(durable=True)
def dossier_anonimiseer(
    *, dossier: Dossier, peildatum: date | None = None, jaren: int | None = None
) -> Groep:
    """Anonymise the dossier's group when all of it qualifies; the returned group's `redenen` say why not."""
    peildatum = peildatum or timezone.localdate()
    groep = _groep(dossier, grens=bewaartermijn_grens(peildatum=peildatum, jaren=jaren), vergrendel=True)
    if groep.redenen or all(d.geanonimiseerd_op for d in groep.dossiers):
        return groep
    nu = timezone.now()
    clients = list(Client.objects.select_related("user").filter(pk__in=groep.client_ids))
    debiteuren = list(Debiteur.objects.filter(pk__in=groep.debiteur_ids))
    vervangingen = sorted(
        (v for p in [*clients, *debiteuren] for v in _vervangingen(p, naam_door=_label(p))),
        key=lambda v: -len(v[0].pattern),
    )
    users = {c.user_id for c in clients if c.user_id}
    dossier_ids = {d.pk for d in groep.dossiers}
    _alles_schoon(
        {Dossier: dossier_ids, Client: groep.client_ids, Debiteur: groep.debiteur_ids, User: users},
        vervangingen,
    )
    Document.objects.filter(dossier_id__in=dossier_ids).update(naam=DOCUMENT_WEG, grootte=0)
    Verplichting.objects.filter(dossier_id__in=dossier_ids).update(kind_naam="", kind_geboortedatum=None)
    leeg_adres = {"straat": "", "postcode": "", "woonplaats": "", "email": "", "telefoon": ""}
    for c in clients:
        Client.objects.filter(pk=c.pk).update(
            naam=_label(c),
            **leeg_adres,
            uitbetaal_iban="",
            uitbetaal_tenaamstelling="",
            vorig_uitbetaal_iban="",
            vorige_tenaamstelling="",
            geanonimiseerd_op=nu,
        )
        if c.user_id:
            placeholder = f"geanonimiseerd-u{c.user_id}@anoniem.invalid"
            User.objects.filter(pk=c.user_id).update(
                email=placeholder,
                username=placeholder,
                first_name="",
                last_name="",
                is_active=False,
                password="!",
            )
    for k in debiteuren:
        Debiteur.objects.filter(pk=k.pk).update(
            naam=_label(k), **leeg_adres, geboortedatum=None, werkgever="", iban="", geanonimiseerd_op=nu
        )
    for d in groep.dossiers:
        Dossier.objects.filter(pk=d.pk).update(
            volgende_actie=_vervang(d.volgende_actie, vervangingen), status_reden="", geanonimiseerd_op=nu
        )
    _historie_wis(dossier_ids=dossier_ids, client_ids=groep.client_ids, debiteur_ids=groep.debiteur_ids)
    return groep


def _historie_wis(*, dossier_ids: set[int], client_ids: Iterable[int], debiteur_ids: Iterable[int]) -> None:
    """Delete the field-level history (django-simple-history) of the anonymised parties and their dossiers:
    the old versions hold exactly the names, addresses and IBANs the retention period says must go. Found
    through the registry, because the consent history lives in incasso, above this app."""
    for model in list(registered_models.values()):
        historie = model.history.model  # type: ignore[attr-defined]
        if model is Client:
            historie.objects.filter(id__in=list(client_ids)).delete()
        elif model is Debiteur:
            historie.objects.filter(id__in=list(debiteur_ids)).delete()
        elif any(f.name == "dossier" for f in model._meta.fields):
            historie.objects.filter(dossier_id__in=dossier_ids).delete()


def bewaartermijn_toepas(*, peildatum: date | None = None, jaren: int | None = None) -> Bewaartermijnrun:
    """The daily policy. Each group is its own transaction (a failure leaves the others done); idempotent: an
    anonymised dossier is no candidate any more. One log row per run, skipped groups with their reasons."""
    peildatum = peildatum or timezone.localdate()
    jaren = settings.AVG_BEWAARJAREN if jaren is None else jaren
    grens = bewaartermijn_grens(peildatum=peildatum, jaren=jaren)
    run = {"clients": set(), "debiteuren": set(), "dossiers": [], "overgeslagen": []}
    gezien: set[int] = set()
    for kandidaat in _kandidaten(grens=grens):
        if kandidaat.pk in gezien:
            continue
        groep = dossier_anonimiseer(dossier=kandidaat, peildatum=peildatum, jaren=jaren)
        gezien |= {d.pk for d in groep.dossiers}
        if groep.redenen:
            run["overgeslagen"].append(groep.als_dict())
        else:
            run["dossiers"] += sorted(d.nummer for d in groep.dossiers)
            run["clients"] |= groep.client_ids
            run["debiteuren"] |= groep.debiteur_ids
    return Bewaartermijnrun.objects.create(
        peildatum=peildatum,
        bewaarjaren=jaren,
        clients=sorted(run["clients"]),
        debiteuren=sorted(run["debiteuren"]),
        dossiers=run["dossiers"],
        overgeslagen=run["overgeslagen"],
    )


# --- the access request (art. 15 AVG) --------------------------------------------------------------------
