"""The dossier page shows the arrears statement from the engine and stores its PDF through a task."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from dossiers.models import Document

from .conftest import kinderalimentatie

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(registreer):
    # €300.00 a month from 1 January 2026, not indexed: on 15 March 2026 three termijnen are due,
    # 3 × 300.00 = 900.00 open.
    return registreer(
        verplichtingen=[
            kinderalimentatie(
                bedrag=Decimal("300.00"),
                vastgesteld_op=date(2025, 12, 1),
                ingangsdatum=date(2026, 1, 1),
                indexeren=False,
            )
        ]
    )


@time_machine.travel("2026-03-15 10:00 +01:00", tick=False)
def test_arrears_tab_shows_the_statement_computed_from_the_obligations(cm_client, dossier):
    response = cm_client.get(reverse("dossiers:achterstand", args=[dossier.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "€ 900,00" in body
    assert body.count("€ 300,00") >= 3


@time_machine.travel("2026-03-15 10:00 +01:00", tick=False)
def test_pdf_specification_is_made_by_the_task_once_per_day_and_stored_with_the_dossier(
    cm_client, dossier, django_capture_on_commit_callbacks
):
    url = reverse("dossiers:achterstand_pdf", args=[dossier.pk])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert cm_client.post(url).status_code == 302
    documenten = Document.objects.filter(dossier=dossier, soort=Document.Soort.SPECIFICATIE)
    assert documenten.count() == 1
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(documenten.get().bestand.read())).pages)
    assert dossier.nummer in tekst
    assert "900,00" in tekst
