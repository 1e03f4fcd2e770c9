from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.documenten import document_opslaan, document_response
from dossiers.models import Document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _bestanden(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_pdf_is_stored_privately_under_a_random_name(db, settings):
    doc = document_opslaan(
        bestand=SimpleUploadedFile("beschikking.pdf", PDF, content_type="application/pdf"),
        soort="titel",
        dossier=None,
        geupload_door=None,
    )
    assert doc.content_type == "application/pdf" and doc.naam == "beschikking.pdf" and doc.grootte == len(PDF)
    assert "beschikking" not in doc.bestand.name
    assert Path(doc.bestand.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert Path(doc.bestand.path).read_bytes() == PDF


def test_type_is_decided_by_content_not_by_name(db):
    doc = document_opslaan(
        bestand=SimpleUploadedFile("foto.pdf", PNG, content_type="application/pdf"),
        soort="titel",
        dossier=None,
        geupload_door=None,
    )
    assert doc.content_type == "image/png" and doc.naam == "foto.png"


def test_exe_renamed_to_pdf_is_refused_and_nothing_is_saved(db, settings):
    with pytest.raises(ValidationError) as exc:
        document_opslaan(
            bestand=SimpleUploadedFile("titel.pdf", EXE, content_type="application/pdf"),
            soort="titel",
            dossier=None,
            geupload_door=None,
        )
    assert "Alleen PDF-, JPEG- en PNG-bestanden" in exc.value.message_dict["bestand"][0]
    assert Document.objects.count() == 0
    assert _bestanden(settings) == []


def test_too_large_file_is_refused_and_nothing_is_saved(db, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as exc:
        document_opslaan(
            bestand=SimpleUploadedFile("groot.pdf", PDF + b"0" * 1024, content_type="application/pdf"),
            soort="titel",
            dossier=None,
            geupload_door=None,
        )
    assert "te groot" in exc.value.message_dict["bestand"][0]
    assert Document.objects.count() == 0 and _bestanden(settings) == []


def test_file_is_removed_again_when_the_row_cannot_be_written(db, settings, monkeypatch):
    def kapot(self, *args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(Document, "save", kapot)
    with pytest.raises(RuntimeError):
        document_opslaan(
            bestand=SimpleUploadedFile("a.pdf", PDF), soort="titel", dossier=None, geupload_door=None
        )
    assert _bestanden(settings) == []


def test_document_response_sends_file_with_its_checked_type(db):
    doc = document_opslaan(
        bestand=SimpleUploadedFile("a.pdf", PDF), soort="titel", dossier=None, geupload_door=None
    )
    response = document_response(doc)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_staff_upload_of_renamed_exe_is_refused_with_message_and_nothing_stored(cm_client, settings):
    from django.urls import reverse

    from .factories import DossierFactory

    d = DossierFactory()
    response = cm_client.post(
        reverse("dossiers:document_upload", args=[d.pk]),
        {
            "doc-bestand": SimpleUploadedFile("vonnis.pdf", EXE),
            "doc-soort": "titel",
            "doc-zichtbaar_voor_client": "on",
        },
    )
    assert response.status_code == 400
    assert "Alleen PDF-, JPEG- en PNG-bestanden" in response.content.decode()
    assert Document.objects.count() == 0 and _bestanden(settings) == []
    response = cm_client.post(
        reverse("dossiers:document_upload", args=[d.pk]),
        {"doc-bestand": SimpleUploadedFile("vonnis.pdf", PDF), "doc-soort": "titel"},
    )
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.dossier == d and not doc.zichtbaar_voor_client
    assert d.tijdlijn.get(soort="document").intern
