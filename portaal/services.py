"""Writes from the portal: the client record of a portal user, the order draft, submitting the order.

The order itself is registered by `dossiers.services.opdracht_registreer` (the dossiers app owns the
record); this module only keeps the draft and turns a complete draft into that call.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from dossiers.models import Client, Document, Dossier

from .forms import VOORWAARDEN_VERSIE
from .models import OpdrachtConcept
from .stappen import STAP_NAMEN, concept_controleer

logger = logging.getLogger(__name__)


@transaction.atomic
def client_zorg_voor(*, user: User) -> Client:
    """The portal user's client record, created on first use (a new portal user has none yet)."""
    bestaand = Client.objects.filter(user=user).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            return Client.objects.create(user=user, naam=user.get_full_name() or user.email, email=user.email)
    except IntegrityError:  # a parallel request of the same user created it first (user is one-to-one)
        return Client.objects.get(user=user)


@transaction.atomic
def concept_zorg_voor(*, client: Client) -> OpdrachtConcept:
    concept, _nieuw = OpdrachtConcept.objects.get_or_create(client=client)
    return concept


@transaction.atomic
def concept_stap_bewaar(
    *,
    concept: OpdrachtConcept,
    stap: str,
    invoer: dict[str, str],
    geldig: bool,
    hervat_bij: str | None = None,
) -> None:
    """Keep what was typed on a step, valid or not, so the client can always come back to it.

    `hervat_bij` is the step a later visit starts at (default: this step)."""
    if stap not in STAP_NAMEN:
        raise ValueError(f"Onbekende stap {stap!r}")
    concept.data = {**concept.data, stap: invoer}
    geldige = [s for s in concept.geldige_stappen if s != stap]
    if geldig:
        geldige.append(stap)
    concept.geldige_stappen = geldige
    concept.stap = hervat_bij if hervat_bij in STAP_NAMEN else stap
    concept.save(update_fields=["data", "geldige_stappen", "stap", "bijgewerkt_op"])


def concept_titel_upload(*, concept: OpdrachtConcept, bestand, user: User) -> Document:
    """Store the title scan (checked by content by `document_opslaan`) and attach it to the draft.

    A scan replaced before the order was submitted belongs to no dossier and is removed with its file.
    Raises ValidationError (from `document_opslaan`) when the file is refused; then nothing is kept.
    """
    from dossiers.documenten import document_opslaan

    with transaction.atomic():
        document = document_opslaan(
            bestand=bestand, soort=Document.Soort.TITEL, dossier=None, geupload_door=user
        )
        oud = concept.titel_document
        concept.titel_document = document
        concept.save(update_fields=["titel_document", "bijgewerkt_op"])
        if oud is not None and oud.dossier_id is None:
            bestand_oud = oud.bestand
            oud.delete()
            transaction.on_commit(lambda: bestand_oud.delete(save=False))
    return document


@transaction.atomic
def concept_verwijder(*, concept: OpdrachtConcept) -> None:
    document = concept.titel_document
    concept.delete()
    if document is not None and document.dossier_id is None:
        bestand = document.bestand
        document.delete()
        transaction.on_commit(lambda: bestand.delete(save=False))


class ConceptAlVerstuurd(Exception):
    """The draft is gone: submitted (or discarded) in another request, e.g. a double click."""


class ConceptOnvolledig(Exception):
    def __init__(self, stap: str):
        super().__init__(stap)
        self.stap = stap


@transaction.atomic
def opdracht_indien(*, concept: OpdrachtConcept, user: User, nu: datetime | None = None) -> Dossier:
    """Turn a complete draft into an order: update the client's own details and payout account, register
    the order (the moment of submitting starts the clocks), drop the draft and confirm by e-mail.

    Raises ConceptOnvolledig(stap) when a step is missing or no longer valid, and ValidationError when
    `opdracht_registreer` refuses the order.
    """
    from dossiers.iban import client_iban_wijzig
    from dossiers.services import opdracht_registreer

    concept = (
        OpdrachtConcept.objects.select_for_update().select_related("client").filter(pk=concept.pk).first()
    )
    if concept is None:
        raise ConceptAlVerstuurd
    controle = concept_controleer(concept)
    if controle.ongeldige_stap:
        raise ConceptOnvolledig(controle.ongeldige_stap)
    g = controle.gegevens
    nu = nu or timezone.now()

    client = Client.objects.select_for_update().get(pk=concept.client_id)
    for veld in ("naam", "email", "telefoon", "straat", "postcode", "woonplaats", "land"):
        setattr(client, veld, g["client"][veld])
    client.full_clean(exclude=["user", "iban_goedgekeurd_door", "iban_gewijzigd_door"])
    client.save(update_fields=["naam", "email", "telefoon", "straat", "postcode", "woonplaats", "land"])
    # The payout account changes only through the one IBAN service: a change waits for a case manager.
    client = client_iban_wijzig(
        client=client,
        iban=g["rekening"]["iban"],
        tenaamstelling=g["rekening"]["tenaamstelling"],
        door=user,
        nu=nu,
    )

    titel = {k: v for k, v in g["titel"].items() if k != "bestand"}
    dossier = opdracht_registreer(
        client=client,
        debiteur=dict(g["debiteur"]),
        titel=titel,
        verplichtingen=[dict(v) for v in g["verplichtingen"]],
        eenmalig=[dict(e) for e in g["eenmalig"]],
        ontvangen_op=nu,
        kanaal="portaal",
        ingevoerd_door=user,
        voorwaarden_versie=VOORWAARDEN_VERSIE,
        brieven_per_email=g["voorwaarden"]["brieven_per_email"],
        toelichting=g["voorwaarden"]["toelichting"],
        titel_document=concept.titel_document,
    )
    concept.delete()

    onderwerp = _("Wij hebben uw opdracht ontvangen (dossier %(nummer)s)") % {"nummer": dossier.nummer}
    tekst = render_to_string(
        "portaal/email_opdracht_ontvangen.txt",
        {"client": client, "dossier": dossier, "ontvangen_op": nu, "waarschuwingen": controle.waarschuwingen},
    )
    ontvanger = client.email
    transaction.on_commit(
        lambda: send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [ontvanger], fail_silently=False)
    )
    return dossier


def bericht_van_client_stuur(*, dossier: Dossier, user: User, tekst: str):
    """A message from the client to the case manager (the dossiers app records it and puts it on the
    timeline). The caller has already checked that the dossier is the client's own."""
    from dossiers.services import bericht_stuur

    if not tekst.strip():
        raise ValidationError({"tekst": _("Typ eerst uw bericht.")})
    return bericht_stuur(dossier=dossier, afzender=user, tekst=tekst.strip(), van_client=True)
