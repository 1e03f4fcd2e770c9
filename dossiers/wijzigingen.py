"""The dossier's tab "Wijzigingen": the field-level changes of its parties, titles, obligations and consents,
each with who, when, the field, from and to. A dispute about an amount or a payout account is answered from it.

The records are django-simple-history's (``history = HistoricalRecords()`` on the models). We chose it over
django-pghistory because the development server (``make run``) runs on SQLite, and pghistory's triggers need
PostgreSQL. The price: a queryset ``update()`` or ``bulk_create`` writes no record, so the services that change
these models save the row (``dossiers.iban``, ``incasso.services.toestemming``) or use the library's
``bulk_create_with_history`` (``opdracht_registreer``).

Each object's records are read in order and every record is compared with the one before it
(``diff_against``, which reads nothing more); the objects a changed foreign key points to are read once per
model. So the number of queries does not grow with the number of changes.

Which models belong to a dossier is read from the models themselves: every tracked model with a foreign key
``dossier`` to Dossier (titles, obligations, and incasso's consents, which this layer may not import), plus
the dossier's client and debtor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_history_manager_for_model

from accounts.models import User
from recht.geld import euro

from .models import Client, Debiteur, Dossier

# Account numbers: in full only for staff (``iban_volledig``); anyone else sees the last four characters.
IBAN_VELDEN = frozenset({"uitbetaal_iban", "vorig_uitbetaal_iban", "iban"})
# A new object is one line ("aangemaakt"), plus these fields when filled: what a dispute is about.
BIJ_AANMAKEN = ("uitbetaal_iban", "uitbetaal_tenaamstelling", "iban", "bedrag", "status")
SOORTEN = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}
LEEG = "—"


@dataclass(frozen=True)
class Wijziging:
    op: datetime
    door: User | None
    onderwerp: str  # the object: "Cliënt Sanne Visser", "Verplichting kinderalimentatie Emma"
    soort: str  # aangemaakt, gewijzigd, verwijderd
    veld: str  # the field's label; "" on the line that says an object was made or removed
    van: str
    naar: str

    @property
    def door_naam(self) -> str:
        if self.door is None:
            return _("systeem")
        return self.door.get_full_name() or self.door.email


def dossier_modellen() -> list[type[models.Model]]:
    """The tracked models that belong to a dossier: a foreign key ``dossier`` to Dossier and a history."""
    return [
        rel.related_model
        for rel in Dossier._meta.related_objects
        if rel.one_to_many
        and rel.field.name == "dossier"
        and hasattr(rel.related_model._meta, "simple_history_manager_attribute")
    ]


def dossier_wijzigingen(*, dossier_id: int, iban_volledig: bool = False) -> list[Wijziging]:
    """The field-level changes of the dossier's client, debtor, titles, obligations and consents, newest first.

    A client's changes show on each of the client's dossiers. An object whose history starts with a change
    (it existed before the history did) shows the changes after that one: the first has nothing to compare."""
    partijen = Dossier.objects.filter(pk=dossier_id).values_list("client_id", "debiteur_id").first()
    if partijen is None:
        return []
    client_id, debiteur_id = partijen
    bronnen = [Client.history.filter(id=client_id), Debiteur.history.filter(id=debiteur_id)]
    bronnen += [get_history_manager_for_model(m).filter(dossier_id=dossier_id) for m in dossier_modellen()]

    groepen: list[tuple[tuple, list[tuple]]] = []  # (sort key, [(record, field, old, new)])
    verwijzingen: dict[type[models.Model], set] = defaultdict(set)
    for qs in bronnen:
        vorige = None
        for record in qs.select_related("history_user").order_by("id", "history_date", "history_id"):
            if vorige is not None and vorige.id != record.id:
                vorige = None
            regels = _regels(record, vorige)
            vorige = record
            if not regels:
                continue
            for _record, veld, oud, nieuw in regels:
                if veld is not None and veld.is_relation:
                    verwijzingen[veld.related_model].update(w for w in (oud, nieuw) if w is not None)
            groepen.append(((record.history_date, record.history_id), regels))

    # one query per model a changed foreign key points to (users, documents, titles), not per change
    namen = {model: model._base_manager.in_bulk(ids) for model, ids in verwijzingen.items()}
    groepen.sort(key=lambda groep: groep[0], reverse=True)
    return [
        Wijziging(
            op=record.history_date,
            door=record.history_user,
            onderwerp=f"{capfirst(record.instance_type._meta.verbose_name)} {record.instance}",
            soort=SOORTEN.get(record.history_type, record.history_type),
            veld=capfirst(str(veld.verbose_name)) if veld is not None else "",
            van=_tekst(veld, oud, namen, iban_volledig) if veld is not None else "",
            naar=_tekst(veld, nieuw, namen, iban_volledig) if veld is not None else "",
        )
        for _sleutel, regels in groepen
        for record, veld, oud, nieuw in regels
    ]


def _regels(record, vorige) -> list[tuple]:
    """The lines of one record: (record, original field or None, old value, new value)."""
    opts = record.instance_type._meta
    if record.history_type == "+":
        regels: list[tuple] = [(record, None, None, None)]
        for naam in BIJ_AANMAKEN:
            waarde = getattr(record, naam, None)
            if waarde not in (None, ""):
                regels.append((record, opts.get_field(naam), None, waarde))
        return regels
    if record.history_type == "-":
        return [(record, None, None, None)]
    if vorige is None:
        return []
    verschil = record.diff_against(vorige)
    # diff_against sorts by field name; the model's own order reads better
    volgorde = {veld.name: i for i, veld in enumerate(opts.fields)}
    wijzigingen = sorted(verschil.changes, key=lambda c: volgorde.get(c.field, len(volgorde)))
    return [(record, opts.get_field(c.field), c.old, c.new) for c in wijzigingen]


def _tekst(veld: models.Field, waarde, namen: dict, iban_volledig: bool) -> str:
    if waarde is None or waarde == "":
        return LEEG
    if veld.is_relation:
        obj = namen.get(veld.related_model, {}).get(waarde)
        if obj is None:
            return f"nr. {waarde}"
        if isinstance(obj, User):
            return obj.get_full_name() or obj.email
        return str(obj)
    if veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, datetime):
        return f"{timezone.localtime(waarde):%d-%m-%Y %H:%M}"
    if isinstance(waarde, date):
        return f"{waarde:%d-%m-%Y}"
    if isinstance(waarde, Decimal):
        if getattr(veld, "decimal_places", None) == 2:
            return euro(waarde)
        return str(waarde).replace(".", ",")
    if veld.name in IBAN_VELDEN and not iban_volledig:
        return f"…{str(waarde)[-4:]}"
    return str(waarde)
