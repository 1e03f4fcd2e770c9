"""Sentry error reports without personal data (issue 19 item 2).

``send_default_pii=False`` keeps Sentry from adding users, cookies and IP addresses; the SDK still sends the
request body, log parameters, ``extra`` and exception messages. :func:`zonder_persoonsgegevens` is the
before-send hook that removes from those what identifies a client or debtor: values under personal keys
(names, IBANs, addresses, e-mail, phone, BSN, birth date), the request body, cookies and query string, log
parameters (the message template stays), every IBAN, postcode and e-mail address in free text, and each
value that was found under a personal key anywhere in the event wherever else it occurs (a name in the message
that also sits in ``extra``). Local variables of stack frames are not sent at all.
"""

from __future__ import annotations

import re
from typing import Any

WEG = "[verwijderd]"

# Lower-case key fragments: a key containing one of these holds personal data.
PERSOONLIJKE_SLEUTELS = (
    "naam",
    "name",
    "iban",
    "adres",
    "address",
    "straat",
    "street",
    "huisnummer",
    "postcode",
    "zip",
    "woonplaats",
    "plaats",
    "city",
    "email",
    "e-mail",
    "telefoon",
    "phone",
    "bsn",
    "geboorte",
    "birth",
    "password",
    "wachtwoord",
    "token",
    "secret",
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
VEILIGE_HEADERS = {"content-type", "content-length", "host", "user-agent", "x-request-id", "accept"}


def _persoonlijk(sleutel: object) -> bool:
    s = str(sleutel).lower()
    return any(deel in s for deel in PERSOONLIJKE_SLEUTELS)


def _verzamel(waarde: Any, gevonden: set[str]) -> None:
    """Every string under a personal key, so it can be removed from free text elsewhere in the event."""
    if isinstance(waarde, dict):
        for k, v in waarde.items():
            if _persoonlijk(k):
                _strings(v, gevonden)
            else:
                _verzamel(v, gevonden)
    elif isinstance(waarde, list | tuple):
        for v in waarde:
            _verzamel(v, gevonden)


def _strings(waarde: Any, gevonden: set[str]) -> None:
    if isinstance(waarde, str):
        # Very short values ("1", "NL") would eat ordinary text.
        if len(waarde.strip()) >= 3:
            gevonden.add(waarde.strip())
    elif isinstance(waarde, dict):
        for v in waarde.values():
            _strings(v, gevonden)
    elif isinstance(waarde, list | tuple):
        for v in waarde:
            _strings(v, gevonden)


def _tekst(tekst: str, bekend: list[str]) -> str:
    for waarde in bekend:
        tekst = tekst.replace(waarde, WEG)
    tekst = IBAN.sub(WEG, tekst)
    tekst = EMAIL.sub(WEG, tekst)
    return POSTCODE.sub(WEG, tekst)


def _schoon(waarde: Any, bekend: list[str]) -> Any:
    if isinstance(waarde, str):
        return _tekst(waarde, bekend)
    if isinstance(waarde, dict):
        return {k: WEG if _persoonlijk(k) else _schoon(v, bekend) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_schoon(v, bekend) for v in waarde]
    if isinstance(waarde, tuple):
        return tuple(_schoon(v, bekend) for v in waarde)
    return waarde


def _zonder_parameters(entry: dict) -> None:
    """Log records: the template says what happened, the parameters say about whom; keep the first."""
    if entry.get("params"):
        entry["params"] = []
        if entry.get("message"):
            entry["formatted"] = entry["message"]


# The parts of an event that carry our data; the rest (sdk, contexts, server_name, modules) is the SDK's own.
GEGEVENS = ("extra", "request", "tags", "user", "logentry", "breadcrumbs")
VRIJE_TEKST = ("message", "logentry", "exception", "breadcrumbs", "transaction")


def zonder_persoonsgegevens(event: Any, hint: Any = None) -> Any:
    """Sentry ``before_send`` (and ``before_send_transaction``): the event without personal data."""
    gevonden: set[str] = set()
    for deel in GEGEVENS:
        _verzamel(event.get(deel), gevonden)
    if isinstance(event.get("logentry"), dict):
        # A log call's parameters are data about someone even without a telling key.
        _strings(event["logentry"].get("params"), gevonden)
    # Longest first, so "Jan Jansen" goes before a shorter value inside it.
    bekend = sorted(gevonden, key=len, reverse=True)

    if isinstance(event.get("logentry"), dict):
        _zonder_parameters(event["logentry"])
    for crumb in (event.get("breadcrumbs") or {}).get("values", []) or []:
        if isinstance(crumb, dict):
            crumb.pop("data", None)

    verzoek = event.get("request")
    if isinstance(verzoek, dict):
        for sleutel in ("data", "cookies", "query_string", "env"):
            if sleutel in verzoek:
                verzoek[sleutel] = WEG
        if isinstance(verzoek.get("headers"), dict):
            verzoek["headers"] = {k: v for k, v in verzoek["headers"].items() if k.lower() in VEILIGE_HEADERS}
    if isinstance(event.get("user"), dict):
        event["user"] = {k: v for k, v in event["user"].items() if k == "id"}

    for exc in (event.get("exception") or {}).get("values", []) or []:
        for frame in (exc.get("stacktrace") or {}).get("frames", []) or []:
            frame.pop("vars", None)

    for deel in ("extra", "request", "tags", "user"):
        if deel in event:
            event[deel] = _schoon(event[deel], bekend)
    for deel in VRIJE_TEKST:
        if deel in event:
            event[deel] = _schoon_tekst(event[deel], bekend)
    return event


def _schoon_tekst(waarde: Any, bekend: list[str]) -> Any:
    """Free text only: strings are cleaned, keys are kept (a stack frame's ``filename`` is not a name)."""
    if isinstance(waarde, str):
        return _tekst(waarde, bekend)
    if isinstance(waarde, dict):
        return {k: _schoon_tekst(v, bekend) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_schoon_tekst(v, bekend) for v in waarde]
    return waarde


def sentry_start(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float) -> None:
    """Called from the production settings when SENTRY_DSN is set."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=zonder_persoonsgegevens,
        before_send_transaction=zonder_persoonsgegevens,
        traces_sample_rate=traces_sample_rate,
    )
