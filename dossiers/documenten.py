"""Uploaded and generated documents: checked by content, stored privately, served only after a check.

The type of an upload is decided by its first bytes (magic numbers), never by its name or the browser's
content type: an `.exe` renamed to `.pdf` is refused. Files live under MEDIA_ROOT, which is private (never
served by whitenoise or a static URL); the only way out is `document_response`, which callers reach after
they have checked who may see the document (staff, or the client owning the dossier).

Nothing is half-saved: a refused file is never written, and when writing the row fails the file is removed
again. (Django has no rollback hook: when a CALLER's transaction rolls back after this function returned,
the file stays on disk without a row; it is unreachable, since files are only served through a row.)
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from accounts.models import User

from .models import Document, Dossier, TijdlijnGebeurtenis
from .services.tijdlijn import tijdlijn_voeg_toe

# (magic bytes, content type, extension)
TOEGESTANE_SOORTEN: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def bestandssoort_herken(kop: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes of a file, or None when it is not PDF/JPEG/PNG."""
    for magic, content_type, extensie in TOEGESTANE_SOORTEN:
        if kop.startswith(magic):
            return content_type, extensie
    return None


def _grootte(bestand: UploadedFile) -> int:
    grootte = getattr(bestand, "size", None)
    if grootte is None:
        bestand.seek(0, os.SEEK_END)
        grootte = bestand.tell()
        bestand.seek(0)
    return int(grootte)


def document_controleer(bestand: UploadedFile) -> tuple[str, str, int]:
    """Check size and content; returns (content type, extension, size) or raises ValidationError."""
    grootte = _grootte(bestand)
    maximum = settings.UPLOAD_MAX_BYTES
    if grootte == 0:
        raise ValidationError({"bestand": _("Het bestand is leeg.")})
    if grootte > maximum:
        raise ValidationError(
            {
                "bestand": _("Het bestand is te groot (%(mb)s MB); het maximum is %(max)s MB.")
                % {"mb": f"{grootte / 1_048_576:.1f}".replace(".", ","), "max": maximum // 1_048_576}
            }
        )
    bestand.seek(0)
    kop = bestand.read(16)
    bestand.seek(0)
    soort = bestandssoort_herken(kop)
    if soort is None:
        raise ValidationError(
            {"bestand": _("Alleen PDF-, JPEG- en PNG-bestanden zijn toegestaan. Dit bestand is dat niet.")}
        )
    return soort[0], soort[1], grootte


def document_opslaan(
    *,
    bestand: UploadedFile,
    soort: str,
    dossier: Dossier | None,
    geupload_door: User | None,
    zichtbaar_voor_client: bool = True,
) -> Document:
    """Store an upload privately after checking its content and size. Raises ValidationError (Dutch).

    The stored name is random (the original name is kept in `naam` for display only), so a file name
    can never be guessed or used to escape the folder.
    """
    if soort not in Document.Soort.values:
        raise ValidationError({"soort": _("Onbekende documentsoort.")})
    content_type, extensie, grootte = document_controleer(bestand)
    origineel = os.path.basename(getattr(bestand, "name", "") or "")
    basis = os.path.splitext(origineel)[0][:150] or "document"
    weergavenaam = f"{get_valid_filename(basis) or 'document'}.{extensie}"

    document = Document(
        dossier=dossier,
        soort=soort,
        naam=weergavenaam,
        content_type=content_type,
        grootte=grootte,
        zichtbaar_voor_client=zichtbaar_voor_client,
        geupload_door=geupload_door,
    )
    bestand.seek(0)
    document.bestand.save(f"{uuid.uuid4().hex}.{extensie}", bestand, save=False)
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document.bestand.delete(save=False)
        raise
    return document


@transaction.atomic(durable=True)
def document_toevoeg(
    *, dossier: Dossier, bestand: UploadedFile, soort: str, door: User, zichtbaar_voor_client: bool
) -> Document:
    """A document a case manager adds to a dossier: stored (``document_opslaan``) and on the timeline, hidden
    from the client when the document is."""
    document = document_opslaan(
        bestand=bestand,
        soort=soort,
        dossier=dossier,
        geupload_door=door,
        zichtbaar_voor_client=zichtbaar_voor_client,
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DOCUMENT,
        tekst=_("Document toegevoegd: %(naam)s") % {"naam": document.naam},
        door=door,
        document=document,
        intern=not document.zichtbaar_voor_client,
        sleutel=f"document:{document.pk}",
    )
    return document


def document_response(document: Document | None, *, als_bijlage: bool = False) -> FileResponse:
    """Serve a private document (404 when there is none). The CALLER has checked access (staff, or the owning
    client)."""
    if document is None:
        raise Http404(_("Document niet gevonden."))
    try:
        fh = document.bestand.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("Document niet gevonden.")) from exc
    response = FileResponse(
        fh, content_type=document.content_type, as_attachment=als_bijlage, filename=document.naam
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
