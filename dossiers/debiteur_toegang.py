"""The debtor's way in to the portal: a personal code printed on every letter, or a one-time link.

A code reads ``KKKK-GGGG-GGGG``: the first group (kenmerk) finds the row, the rest is the secret, stored only as
a password hash (``make_password``), so one hash is checked per attempt however many letters a dossier has.
A link carries a longer kenmerk and secret the same way and works once, for 14 days.

Rate limiting lives in the cache (Redis in production, ``nlai/settings/production.py`` refuses a per-process
cache): wrong attempts are counted per dossier number and per IP address. After ``MAX_FOUT_DOSSIER`` wrong
codes the dossier number is locked for ``BLOKKADE`` (the right code is refused too, so guessing stops); an IP
address with ``MAX_FOUT_IP`` wrong attempts in an hour is refused for the rest of that hour. The same message
answers an unknown dossier number and a wrong code, so the form does not tell which dossier numbers exist.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import DebiteurToegang, Dossier

__all__ = [
    "BLOKKADE",
    "MAX_FOUT_DOSSIER",
    "MAX_FOUT_IP",
    "ToegangFout",
    "code_controleer",
    "code_maak",
    "link_gebruik",
    "link_maak",
]

# No 0/O, 1/I/L: a code is typed over from paper.
ALFABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_KENMERK = 4
CODE_GEHEIM = 8
LINK_KENMERK = 10
LINK_GEHEIM = 32
CODE_GELDIG_DAGEN = 400  # a letter's code outlives the yearly letter cycle
LINK_GELDIG_DAGEN = 14

MAX_FOUT_DOSSIER = 5
BLOKKADE = timedelta(minutes=15)
MAX_FOUT_IP = 20
IP_VENSTER = timedelta(hours=1)

FOUT_CODE = (
    "Dit dossiernummer en deze code horen niet bij elkaar. Controleer ze in de brief en probeer het opnieuw."
)
FOUT_GEBLOKKEERD = (
    "U heeft te vaak een verkeerde code ingevuld. Voor uw veiligheid kunt u het over 15 minuten opnieuw "
    "proberen. Lukt het niet? Bel ons, wij helpen u graag."
)
FOUT_IP = "Er zijn te veel pogingen gedaan vanaf uw internetverbinding. Probeer het over een uur opnieuw."
FOUT_LINK = "Deze link werkt niet meer. Hij is al gebruikt of verlopen. Log in met het dossiernummer en de code uit uw brief."


class ToegangFout(ValidationError):
    """Sign-in refused; the message is for the debtor (B1 Dutch)."""


def _willekeurig(lengte: int) -> str:
    return "".join(secrets.choice(ALFABET) for _ in range(lengte))


def _maak(
    *, dossier: Dossier, soort: str, kenmerk_lengte: int, geheim_lengte: int, dagen: int
) -> tuple[str, str]:
    geheim = _willekeurig(geheim_lengte)
    while True:
        kenmerk = _willekeurig(kenmerk_lengte)
        try:
            with transaction.atomic():  # a savepoint: a kenmerk collision is retried, not fatal
                DebiteurToegang.objects.create(
                    dossier=dossier,
                    soort=soort,
                    kenmerk=kenmerk,
                    code_hash=make_password(geheim),
                    geldig_tot=timezone.now() + timedelta(days=dagen),
                )
        except IntegrityError:
            continue
        return kenmerk, geheim


@transaction.atomic
def code_maak(*, dossier: Dossier, dagen: int = CODE_GELDIG_DAGEN) -> str:
    """A new personal code for ``dossier``, returned in plain text this once (print it on the letter)."""
    kenmerk, geheim = _maak(
        dossier=dossier,
        soort=DebiteurToegang.Soort.CODE,
        kenmerk_lengte=CODE_KENMERK,
        geheim_lengte=CODE_GEHEIM,
        dagen=dagen,
    )
    return f"{kenmerk}-{geheim[:4]}-{geheim[4:]}"


@transaction.atomic
def link_maak(*, dossier: Dossier, dagen: int = LINK_GELDIG_DAGEN) -> str:
    """A new one-time link token for ``dossier`` (the path is ``/debiteur/link/<token>/``)."""
    kenmerk, geheim = _maak(
        dossier=dossier,
        soort=DebiteurToegang.Soort.LINK,
        kenmerk_lengte=LINK_KENMERK,
        geheim_lengte=LINK_GEHEIM,
        dagen=dagen,
    )
    return f"{kenmerk}{geheim}"


def normaliseer(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _sleutel_dossier(nummer: str) -> str:
    return f"debiteur-toegang:fout:dossier:{nummer.strip().upper()}"


def _sleutel_ip(ip: str) -> str:
    return f"debiteur-toegang:fout:ip:{ip}"


def _teller(sleutel: str) -> int:
    return int(cache.get(sleutel) or 0)


def _tel_fout(sleutel: str, duur: timedelta) -> int:
    cache.add(sleutel, 0, timeout=int(duur.total_seconds()))
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, timeout=int(duur.total_seconds()))
        return 1


def _controleer_ip(ip: str) -> None:
    if ip and _teller(_sleutel_ip(ip)) >= MAX_FOUT_IP:
        raise ToegangFout(FOUT_IP, code="ip")


def _fout_ip(ip: str) -> None:
    if ip:
        _tel_fout(_sleutel_ip(ip), IP_VENSTER)


def _geheim_klopt(toegang: DebiteurToegang | None, geheim: str) -> bool:
    if toegang is None:
        make_password(geheim)  # the same work as a real check: timing does not tell which kenmerken exist
        return False
    return check_password(geheim, toegang.code_hash)


@transaction.atomic(durable=True)
def code_controleer(*, dossiernummer: str, code: str, ip: str = "") -> Dossier:
    """The dossier the debtor may see with this dossier number and code, or ``ToegangFout``."""
    _controleer_ip(ip)
    sleutel = _sleutel_dossier(dossiernummer)
    if _teller(sleutel) >= MAX_FOUT_DOSSIER:
        raise ToegangFout(FOUT_GEBLOKKEERD, code="geblokkeerd")
    schoon = normaliseer(code)
    kenmerk, geheim = schoon[:CODE_KENMERK], schoon[CODE_KENMERK:]
    toegang = (
        DebiteurToegang.objects.select_related("dossier")
        .filter(
            kenmerk=kenmerk,
            soort=DebiteurToegang.Soort.CODE,
            dossier__nummer__iexact=dossiernummer.strip(),
            geldig_tot__gt=timezone.now(),
        )
        .first()
    )
    if not _geheim_klopt(toegang, geheim):
        _fout_ip(ip)
        if _tel_fout(sleutel, BLOKKADE) >= MAX_FOUT_DOSSIER:
            raise ToegangFout(FOUT_GEBLOKKEERD, code="geblokkeerd")
        raise ToegangFout(FOUT_CODE, code="fout")
    cache.delete(sleutel)
    DebiteurToegang.objects.filter(pk=toegang.pk).update(gebruikt_op=timezone.now())
    return toegang.dossier


@transaction.atomic(durable=True)
def link_gebruik(*, token: str, ip: str = "") -> Dossier:
    """The dossier of a one-time link; the link is spent (compare-and-set), or ``ToegangFout``."""
    _controleer_ip(ip)
    kenmerk, geheim = token[:LINK_KENMERK], token[LINK_KENMERK:]
    toegang = (
        DebiteurToegang.objects.select_related("dossier")
        .filter(
            kenmerk=kenmerk,
            soort=DebiteurToegang.Soort.LINK,
            gebruikt_op__isnull=True,
            geldig_tot__gt=timezone.now(),
        )
        .first()
    )
    if not _geheim_klopt(toegang, geheim):
        _fout_ip(ip)
        raise ToegangFout(FOUT_LINK, code="link")
    gezet = DebiteurToegang.objects.filter(pk=toegang.pk, gebruikt_op__isnull=True).update(
        gebruikt_op=timezone.now()
    )
    if gezet != 1:  # used by a concurrent request a moment ago
        raise ToegangFout(FOUT_LINK, code="link")
    return toegang.dossier
