"""Portal scoping, checked by walking every URL pattern rather than a hand-picked few.

Every client-facing URL that takes an object id (everything under /portaal/ and /api/v1/mijn/, and any
/api/v1/ view guarded by `IsClient`) is filled with client A's object ids and requested by client B: it must
answer 404. The same URL requested by client A must not answer 404, which proves the ids are real.

A URL with a keyword the map below does not know FAILS the test: a new portal URL cannot escape this check
until someone adds its keyword (and a way to create client A's object) here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client as DjangoClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from accounts.permissions import IsClient
from tests.conftest import login_als

from .factories import PDF_BYTES, ClientFactory, DossierFactory, bericht_maak, document_maak, tijdlijn_maak

CLIENT_PREFIXEN = ("/portaal/", "/api/v1/mijn/")

# Keywords that name no object of a client: a fixed valid value, and such a URL is not a scoping case.
GEEN_OBJECT = {"stap": "client", "format": "json"}


@dataclass
class Wereld:
    """Client A's objects, created on demand by the makers below."""

    a_user: object
    a_client: object
    b_client: object
    dossier: object
    cache: dict


def _dossier(w: Wereld) -> list[int]:
    return [w.dossier.pk]


def _document(w: Wereld) -> list[int]:
    return [w.cache.setdefault("document", document_maak(w.dossier)).pk]


def _bericht(w: Wereld) -> list[int]:
    return [w.cache.setdefault("bericht", bericht_maak(w.dossier, w.a_user)).pk]


def _tijdlijn(w: Wereld) -> list[int]:
    return [w.cache.setdefault("tijdlijn", tijdlijn_maak(w.dossier, "Brief verstuurd")).pk]


def _brief(w: Wereld) -> list[int]:
    from incasso.models import Brief

    if "brief" not in w.cache:
        document = w.cache.setdefault("document", document_maak(w.dossier))
        w.cache["brief"] = Brief.objects.create(
            dossier=w.dossier,
            soort=Brief._meta.get_field("soort").choices[0][0],
            sleutel=f"scoping:{w.dossier.pk}",
            datum=date.today(),
            document=document,
        )
    return [w.cache["brief"].pk]


def _toestemming(w: Wereld) -> list[int]:
    from incasso.models import Toestemmingsverzoek

    if "toestemming" not in w.cache:
        w.cache["toestemming"] = Toestemmingsverzoek.objects.create(
            dossier=w.dossier,
            soort=Toestemmingsverzoek._meta.get_field("soort").choices[0][0],
            gevraagd_op=timezone.now(),
        )
    return [w.cache["toestemming"].pk]


def _regeling(w: Wereld) -> list[int]:
    from incasso.models import Betalingsregeling

    if "regeling" not in w.cache:
        w.cache["regeling"] = Betalingsregeling.objects.create(
            dossier=w.dossier, voorgesteld_op=timezone.now()
        )
    return [w.cache["regeling"].pk]


def _factuur(w: Wereld) -> list[int]:
    from uitbetaling.models import Factuur

    if "factuur" not in w.cache:
        w.cache["factuur"] = Factuur.objects.create(
            client=w.a_client,
            nummer=f"F-SCOPE-{w.a_client.pk}",
            datum=date.today(),
            bedrag=Decimal("12.10"),  # 12.10 incl. VAT: 21/121 × 12.10 = 2.10 VAT
            btw=Decimal("2.10"),
            reden="Provisie op directe betaling",
        )
        w.cache["factuur"].pdf.save("factuur.pdf", ContentFile(PDF_BYTES))
    return [w.cache["factuur"].pk]


def _uitbetaling(w: Wereld) -> list[int]:
    from uitbetaling.models import Uitbetaling, UitbetalingBatch

    if "uitbetaling" not in w.cache:
        batch = UitbetalingBatch.objects.create(week=f"S{w.a_client.pk % 10**6}")
        w.cache["uitbetaling"] = Uitbetaling.objects.create(
            batch=batch,
            client=w.a_client,
            iban="NL91ABNA0417164300",
            naam=w.a_client.naam,
            bruto=Decimal("100.00"),
            provisie_verrekend=Decimal("0.00"),
            netto=Decimal("100.00"),  # netto = bruto − provisie_verrekend = 100.00 − 0.00
            end_to_end_id=f"SCOPE-{w.a_client.pk}",
        )
        w.cache["uitbetaling"].specificatie_pdf.save("specificatie.pdf", ContentFile(PDF_BYTES))
    return [w.cache["uitbetaling"].pk]


def _jaaropgave(w: Wereld) -> list[int]:
    from uitbetaling.models import Jaaropgave

    if "jaaropgave" not in w.cache:
        w.cache["jaaropgave"] = Jaaropgave.objects.create(
            ontvanger=Jaaropgave.Ontvanger.CLIENT, client=w.a_client, jaar=2025
        )
        w.cache["jaaropgave"].pdf.save("jaaropgave.pdf", ContentFile(PDF_BYTES))
    return [w.cache["jaaropgave"].pk]


def _directe_betaling(w: Wereld) -> list[int]:
    from inning.models import DirecteBetaling

    if "directe_betaling" not in w.cache:
        w.cache["directe_betaling"] = DirecteBetaling.objects.create(
            dossier=w.dossier, datum=date.today(), bedrag=Decimal("150.00"), gemeld_door=w.a_user
        )
        # one the debtor reported with proof: the client decides it and opens its proof
        w.cache["directe_betaling_debiteur"] = DirecteBetaling.objects.create(
            dossier=w.dossier,
            datum=date.today(),
            bedrag=Decimal("20.00"),
            van_debiteur=True,
            bewijs=document_maak(w.dossier),
        )
    return [w.cache["directe_betaling"].pk, w.cache["directe_betaling_debiteur"].pk]


ALLE_MAKERS = (
    _dossier,
    _document,
    _bericht,
    _tijdlijn,
    _brief,
    _toestemming,
    _regeling,
    _factuur,
    _uitbetaling,
    _jaaropgave,
    _directe_betaling,
)


def _alles(w: Wereld) -> list[int]:
    """A bare `pk`/`id` can mean any of client A's objects: try every one of them."""
    ids: list[int] = []
    for maker in ALLE_MAKERS:
        ids += maker(w)
    return sorted(set(ids))


OBJECT_KWARGS: dict[str, Callable[[Wereld], list[int]]] = {
    "dossier_id": _dossier,
    "dossier_pk": _dossier,
    "dossier": _dossier,
    "document_id": _document,
    "document_pk": _document,
    "bericht_id": _bericht,
    "bericht_pk": _bericht,
    "gebeurtenis_id": _tijdlijn,
    "brief_id": _brief,
    "brief_pk": _brief,
    "toestemming_id": _toestemming,
    "verzoek_id": _toestemming,
    "regeling_id": _regeling,
    "factuur_id": _factuur,
    "uitbetaling_id": _uitbetaling,
    "melding_id": _directe_betaling,
    "pk": _alles,
    "id": _alles,
}


@dataclass(frozen=True)
class Patroon:
    route: str  # the full pattern, for messages
    naam: str | None  # namespaced name, for reverse()
    kwargs: tuple[str, ...]
    callback: Callable


def _kwargs_van(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def alle_patronen(resolver=None, prefix: str = "", namespace: str = "", kwargs=()) -> Iterator[Patroon]:
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        nieuwe_kwargs = (*kwargs, *_kwargs_van(p.pattern))
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from alle_patronen(p, route, ns, nieuwe_kwargs)
        elif isinstance(p, URLPattern):
            naam = f"{namespace}{p.name}" if p.name else None
            yield Patroon(route, naam, nieuwe_kwargs, p.callback)


def _is_client_api(callback) -> bool:
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    permissies = getattr(cls, "permission_classes", None) or []
    return any(isinstance(p, type) and issubclass(p, IsClient) for p in permissies)


def _pad_zonder_naam(route: str, waarden: dict) -> str:
    def vervang(m):
        return str(waarden[m.group(1)])

    pad = re.sub(r"<(?:\w+:)?(\w+)>", vervang, route)
    return "/" + pad.lstrip("^").replace("$", "")


def _url(patroon: Patroon, waarden: dict) -> str:
    if patroon.naam:
        return reverse(patroon.naam, kwargs=waarden)
    assert "(?P<" not in patroon.route, f"Unnamed regex URL {patroon.route!r}: give it a name"
    return _pad_zonder_naam(patroon.route, waarden)


def client_patronen(resolver=None) -> list[tuple[Patroon, str]]:
    """Every pattern a client can reach, with a sample URL (used to decide whether it is client-facing)."""
    gevonden = []
    for patroon in alle_patronen(resolver):
        voorbeeld = {k: GEEN_OBJECT.get(k, 1) for k in patroon.kwargs}
        try:
            url = _url(patroon, voorbeeld)
        except Exception:  # noqa: BLE001 - converters that refuse "1" still need a look
            url = "/" + patroon.route
        if url.startswith(CLIENT_PREFIXEN) or (url.startswith("/api/") and _is_client_api(patroon.callback)):
            gevonden.append((patroon, url))
    return gevonden


def onbekende_kwargs(patroon: Patroon) -> list[str]:
    return [k for k in patroon.kwargs if k not in GEEN_OBJECT and k not in OBJECT_KWARGS]


@pytest.fixture
def wereld(maak_gebruiker) -> tuple[Wereld, DjangoClient, DjangoClient]:
    a_user = maak_gebruiker("client")
    b_user = maak_gebruiker("client")
    # B is a real client too, but owns no dossier, so no id of B's can coincide with one of A's.
    b_client = ClientFactory(user=b_user)
    a_client = ClientFactory(user=a_user)
    dossier = DossierFactory(client=a_client)
    w = Wereld(a_user=a_user, a_client=a_client, b_client=b_client, dossier=dossier, cache={})
    return w, login_als(DjangoClient(), a_user), login_als(DjangoClient(), b_user)


def test_walker_finds_the_portal_and_api_dossier_urls():
    """Guard against a walker that silently finds nothing."""
    routes = {p.route for p, _url in client_patronen()}
    assert "portaal/dossiers/<int:dossier_id>/" in routes
    assert "portaal/dossiers/<int:dossier_id>/documenten/<int:document_id>/" in routes
    assert "api/v1/mijn/dossiers/<int:pk>/" in routes


@pytest.mark.django_db
def test_every_client_url_with_client_a_ids_answers_404_to_client_b(wereld):
    w, als_a, als_b = wereld
    onbekend, lekken, niet_echt, gecontroleerd = [], [], [], []
    for patroon, _voorbeeld in client_patronen():
        object_kwargs = [k for k in patroon.kwargs if k not in GEEN_OBJECT]
        if not object_kwargs:
            continue  # no object of anyone in the URL (e.g. the order form steps)
        if onbekende_kwargs(patroon):
            onbekend.append(f"{patroon.route} ({', '.join(onbekende_kwargs(patroon))})")
            continue
        # Every combination of candidate ids (a bare pk may mean several kinds of object).
        combinaties: list[dict] = [{k: v for k, v in GEEN_OBJECT.items() if k in patroon.kwargs}]
        for k in object_kwargs:
            combinaties = [{**c, k: i} for c in combinaties for i in OBJECT_KWARGS[k](w)]
        a_ziet_iets = False
        for waarden in combinaties:
            url = _url(patroon, waarden)
            gecontroleerd.append(url)
            for methode in ("get", "post"):
                antwoord = getattr(als_b, methode)(url)
                if antwoord.status_code not in (404, 405):
                    lekken.append(f"{methode.upper()} {url} → {antwoord.status_code}")
            if als_a.get(url).status_code != 404:
                a_ziet_iets = True
        if not a_ziet_iets:
            niet_echt.append(patroon.route)

    assert not onbekend, (
        "URL patterns with a keyword the scoping test does not know; add it to OBJECT_KWARGS in "
        f"tests/portaal/test_scoping.py: {onbekend}"
    )
    assert not lekken, f"Client B reached client A's objects: {lekken}"
    assert not niet_echt, f"Client A's own ids gave 404, so these checks proved nothing: {niet_echt}"
    assert any("/portaal/dossiers/" in u for u in gecontroleerd)
    assert any("/api/v1/mijn/dossiers/" in u for u in gecontroleerd)


def test_a_url_with_an_unknown_keyword_is_reported_not_skipped():
    """The walker itself: an invented portal URL with `geheim_id` must be found with its keyword."""
    from types import SimpleNamespace

    from django.urls import include, path

    nep = path("dossiers/<int:geheim_id>/geheim/", lambda r, geheim_id: None, name="geheim")
    urlconf = SimpleNamespace(urlpatterns=[path("portaal/", include(([nep], "nep")))])
    routes = {p.route: p.kwargs for p, _url in client_patronen(URLResolver(RegexPattern(r"^/"), urlconf))}
    assert routes == {"portaal/dossiers/<int:geheim_id>/geheim/": ("geheim_id",)}
    [(patroon, _url)] = client_patronen(URLResolver(RegexPattern(r"^/"), urlconf))
    assert onbekende_kwargs(patroon) == ["geheim_id"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_naam", ["portaal:home", "portaal:opdracht_start", "portaal:opdracht_controleren"]
)
def test_anonymous_users_are_sent_to_the_login_page(client, url_naam):
    antwoord = client.get(reverse(url_naam))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/account/")


@pytest.mark.django_db
def test_staff_cannot_use_portal_pages_or_the_client_api(cm_client):
    assert cm_client.get(reverse("portaal:home")).status_code == 403
    assert cm_client.get(reverse("portaal:opdracht_stap", kwargs={"stap": "client"})).status_code == 403
    assert cm_client.get("/api/v1/mijn/dossiers/").status_code == 403


@pytest.mark.django_db
def test_the_api_lists_only_the_clients_own_dossiers(wereld):
    w, als_a, als_b = wereld
    assert [d["nummer"] for d in als_a.get("/api/v1/mijn/dossiers/").json()["results"]] == [w.dossier.nummer]
    assert als_b.get("/api/v1/mijn/dossiers/").json()["results"] == []


DOSSIER_KWARGS = {"dossier_id", "dossier_pk", "dossier"}


@pytest.mark.django_db
def test_client_b_cannot_reach_client_a_objects_through_its_own_dossier(wereld):
    """URLs with a dossier and another object: B's own dossier id combined with A's document, message, …
    ids must still answer 404 (the object must belong to that dossier, not just the dossier to B)."""
    w, _als_a, als_b = wereld
    b_dossier = DossierFactory(client=w.b_client)
    gecontroleerd, lekken = [], []
    for patroon, _voorbeeld in client_patronen():
        kwargs = set(patroon.kwargs)
        andere = [k for k in patroon.kwargs if k not in GEEN_OBJECT and k not in DOSSIER_KWARGS]
        if not (kwargs & DOSSIER_KWARGS) or not andere or onbekende_kwargs(patroon):
            continue
        combinaties: list[dict] = [{k: v for k, v in GEEN_OBJECT.items() if k in kwargs}]
        combinaties = [{**c, k: b_dossier.pk} for c in combinaties for k in kwargs & DOSSIER_KWARGS]
        for k in andere:
            combinaties = [{**c, k: i} for c in combinaties for i in OBJECT_KWARGS[k](w)]
        for waarden in combinaties:
            url = _url(patroon, waarden)
            gecontroleerd.append(url)
            for methode in ("get", "post"):
                antwoord = getattr(als_b, methode)(url)
                if antwoord.status_code not in (404, 405):
                    lekken.append(f"{methode.upper()} {url} → {antwoord.status_code}")
    assert any("/documenten/" in u for u in gecontroleerd)
    assert not lekken, f"Client B reached client A's objects via its own dossier: {lekken}"
