"""PDF rendering with WeasyPrint. Call it from Celery tasks, never inside a request or a transaction."""

from django.conf import settings
from django.template.loader import render_to_string


def pdf_render(*, template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, {"bureau": settings.BUREAU, **context})
    # Static files (letterhead CSS) are read from disk, never fetched over the network.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
