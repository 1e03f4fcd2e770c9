"""Sentry without personal data (issue 19 item 2): the before-send hook and the production wiring."""

import json
import os
import subprocess
import sys
from pathlib import Path

import sentry_sdk

from nlai.logging.sentry import WEG, sentry_start, zonder_persoonsgegevens

IBAN = "NL91ABNA0417164300"
NAAM = "Jan de Vries"


def _voorbeeld() -> dict:
    """Shaped like what sentry-sdk's Django and logging integrations send."""
    return {
        "level": "error",
        "server_name": "web-1",
        "logentry": {
            "message": "Betaling van %s op %s niet toegewezen",
            "params": [NAAM, IBAN],
            "formatted": f"Betaling van {NAAM} op {IBAN} niet toegewezen",
        },
        "message": f"Betaling van {NAAM} op NL91 ABNA 0417 1643 00 niet toegewezen",
        "extra": {
            "dossier_id": 42,
            "debiteur_naam": NAAM,
            "uitbetaal_iban": IBAN,
            "adres": {"straat": "Kerkstraat 1", "postcode": "3511 AB", "woonplaats": "Utrecht"},
            "opmerking": f"gebeld met {NAAM}, woont op 3511 AB, mail jan@example.nl",
        },
        "request": {
            "url": "https://inning.example.nl/dossiers/42/partijen/",
            "method": "POST",
            "data": {"naam": NAAM, "iban": IBAN, "adres": "Kerkstraat 1"},
            "query_string": f"zoek={NAAM}",
            "cookies": {"sessionid": "geheim"},
            "headers": {"User-Agent": "Firefox", "Cookie": "sessionid=geheim", "X-Request-ID": "abc123"},
        },
        "user": {"id": "7", "email": "casemanager@example.nl", "username": "cm"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"IBAN {IBAN} van {NAAM} is ongeldig",
                    "stacktrace": {
                        "frames": [{"filename": "inning/services.py", "vars": {"partij": NAAM, "iban": IBAN}}]
                    },
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": f"query voor {IBAN}", "data": {"naam": NAAM}}]},
        "contexts": {"runtime": {"name": "CPython"}},
    }


def test_hook_drops_names_ibans_and_addresses_from_message_extra_and_request():
    event = zonder_persoonsgegevens(_voorbeeld(), {})
    tekst = json.dumps(event, ensure_ascii=False)
    for geheim in (NAAM, IBAN, "NL91 ABNA", "Kerkstraat", "3511 AB", "Utrecht", "jan@example.nl", "geheim"):
        assert geheim not in tekst, geheim

    # What is needed to find the bug stays.
    assert event["logentry"] == {
        "message": "Betaling van %s op %s niet toegewezen",
        "params": [],
        "formatted": "Betaling van %s op %s niet toegewezen",
    }
    assert event["message"] == f"Betaling van {WEG} op {WEG} niet toegewezen"
    assert event["extra"]["dossier_id"] == 42
    assert event["extra"]["debiteur_naam"] == WEG
    assert event["extra"]["opmerking"] == f"gebeld met {WEG}, woont op {WEG}, mail {WEG}"
    assert event["request"]["url"] == "https://inning.example.nl/dossiers/42/partijen/"
    assert event["request"]["data"] == WEG
    assert event["request"]["headers"] == {"User-Agent": "Firefox", "X-Request-ID": "abc123"}
    assert event["user"] == {"id": "7"}
    assert event["exception"]["values"][0]["value"] == f"IBAN {WEG} van {WEG} is ongeldig"
    assert "vars" not in event["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert event["exception"]["values"][0]["stacktrace"]["frames"][0]["filename"] == "inning/services.py"
    assert event["breadcrumbs"]["values"][0] == {"message": f"query voor {WEG}"}
    # The SDK's own facts are not personal data and stay.
    assert event["server_name"] == "web-1"
    assert event["contexts"] == {"runtime": {"name": "CPython"}}


class _Vangnet(sentry_sdk.transport.Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope):
        self.events += [item.payload.json for item in envelope.items if item.type == "event"]


def test_a_reported_error_reaches_the_transport_without_the_iban_or_name():
    sentry_start(dsn="https://key@sentry.invalid/1", environment="test", release=None, traces_sample_rate=0.0)
    try:
        vangnet = _Vangnet()
        sentry_sdk.get_client().transport = vangnet
        opties = sentry_sdk.get_client().options
        assert opties["send_default_pii"] is False
        assert opties["include_local_variables"] is False
        assert opties["before_send"] is zonder_persoonsgegevens
        with sentry_sdk.new_scope() as scope:
            scope.set_extra("debiteur_naam", NAAM)
            try:
                raise ValueError(f"IBAN {IBAN} van {NAAM} is ongeldig")
            except ValueError:
                sentry_sdk.capture_exception()
        sentry_sdk.flush()
        assert len(vangnet.events) == 1
        tekst = json.dumps(vangnet.events[0])
        assert IBAN not in tekst
        assert NAAM not in tekst
        assert vangnet.events[0]["exception"]["values"][0]["value"] == f"IBAN {WEG} van {WEG} is ongeldig"
    finally:
        sentry_sdk.init(dsn=None)


def test_production_settings_start_sentry_with_django_and_celery_only_when_the_dsn_is_set():
    code = (
        "import django, json, sentry_sdk; django.setup(); c = sentry_sdk.get_client();"
        "print(json.dumps({'actief': c.is_active(), 'integraties': sorted(c.integrations),"
        "'pii': c.options['send_default_pii']}));"
        "from django.conf import settings as s;"
        "print(json.dumps({'mw': s.MIDDLEWARE[0], 'hijack': s.CELERY_WORKER_HIJACK_ROOT_LOGGER}))"
    )
    basis = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nlai.settings.production",
        "SECRET_KEY": "x" * 64,
        "ALLOWED_HOSTS": "example.nl",
    }
    basis.pop("SENTRY_DSN", None)
    root = Path(__file__).resolve().parents[2]

    def draai(env):
        uit = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
        assert uit.returncode == 0, uit.stderr
        sentry, django = uit.stdout.strip().splitlines()[-2:]
        return {**json.loads(sentry), **json.loads(django)}

    met = draai({**basis, "SENTRY_DSN": "https://key@sentry.invalid/1"})
    assert met["actief"] is True
    assert {"django", "celery"} <= set(met["integraties"])
    assert met["pii"] is False
    # The request id is set before anything else can log, and Celery keeps our JSON handler.
    assert met["mw"] == "nlai.logging.request_id.RequestIdMiddleware"
    assert met["hijack"] is False
    assert draai(basis)["actief"] is False
