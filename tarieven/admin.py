"""Beheer of the tables: a beheerder (who passed TOTP, see ``accounts.admin_site``) may add and correct rows.

Unconfirmed rows are listed first and filterable, so nothing unverified goes unnoticed.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import BEHEERDER, heeft_rol

from .models import (
    Bijstandsnorm,
    BtagTarief,
    BtwTarief,
    BvvMaximum,
    ExtraNietWerkdag,
    Indexatie,
    ProvisieTarief,
    Regelingsbedrag,
    Tabeltaak,
    WettelijkeRente,
)


class HistorieAdmin(SimpleHistoryAdmin):
    """The admin with its "Geschiedenis" (django-simple-history): who changed which field, when, from, to.

    Read-only: a version is shown, never put back. The library's revert form saves whatever its form holds for
    anyone who may *view* the object, past ``has_change_permission`` and past the services (a reverted payout
    IBAN would skip the hold of ``dossiers.iban``; a read-only consent would be writable). Also the base of the
    admins of dossiers and incasso (it lives in the lowest app that has an admin)."""

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class BeheerderAdmin(admin.ModelAdmin):
    """The tables belong to the beheerder role as a whole, not to per-model permissions."""

    list_filter = ["bevestigd"]
    search_fields = ["bron"]
    readonly_fields = ["gewijzigd_op"]
    list_per_page = 100

    def _mag(self, request: HttpRequest) -> bool:
        return heeft_rol(request.user, BEHEERDER)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._mag(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._mag(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._mag(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._mag(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._mag(request)

    @admin.display(boolean=True, description="bevestigd", ordering="bevestigd")
    def is_bevestigd(self, obj) -> bool:
        return obj.bevestigd


class TabelAdmin(HistorieAdmin, BeheerderAdmin):
    """A table of figures, with the history of every row (who changed which figure, when, from, to)."""


@admin.register(Indexatie)
class IndexatieAdmin(TabelAdmin):
    list_display = ["jaar", "percentage", "is_bevestigd", "bron"]
    ordering = ["bevestigd", "-jaar"]


@admin.register(WettelijkeRente)
class WettelijkeRenteAdmin(TabelAdmin):
    list_display = ["vanaf", "geldig_tot", "percentage", "is_bevestigd", "bron"]
    ordering = ["bevestigd", "-vanaf"]
    date_hierarchy = "vanaf"


@admin.register(BtagTarief)
class BtagTariefAdmin(TabelAdmin):
    list_display = ["omschrijving", "artikel", "jaar", "bedrag", "is_bevestigd", "bron"]
    list_filter = ["bevestigd", "jaar", "handeling"]
    search_fields = ["handeling", "omschrijving", "bron"]
    ordering = ["bevestigd", "handeling", "-jaar"]


@admin.register(ProvisieTarief)
class ProvisieTariefAdmin(TabelAdmin):
    list_display = ["vanaf", "geldig_tot", "percentage", "is_bevestigd", "bron"]
    ordering = ["bevestigd", "-vanaf"]


@admin.register(BtwTarief)
class BtwTariefAdmin(TabelAdmin):
    list_display = ["vanaf", "geldig_tot", "percentage", "is_bevestigd", "bron"]
    ordering = ["bevestigd", "-vanaf"]


@admin.register(Bijstandsnorm)
class BijstandsnormAdmin(TabelAdmin):
    list_display = ["leefsituatie", "vanaf", "geldig_tot", "bedrag", "is_bevestigd", "bron"]
    list_filter = ["bevestigd", "leefsituatie"]
    ordering = ["bevestigd", "leefsituatie", "-vanaf"]


@admin.register(BvvMaximum)
class BvvMaximumAdmin(TabelAdmin):
    list_display = ["huishouden", "vanaf", "geldig_tot", "bedrag", "is_bevestigd", "bron"]
    list_filter = ["bevestigd", "huishouden"]
    ordering = ["bevestigd", "huishouden", "-vanaf"]


@admin.register(Regelingsbedrag)
class RegelingsbedragAdmin(TabelAdmin):
    """The yearly regulation amounts of the BVV formula (Rv art. 475da lid 2); unconfirmed rows first."""

    list_display = ["soort", "jaar", "waarde", "is_bevestigd", "bron"]
    list_filter = ["bevestigd", "jaar", "soort"]
    ordering = ["bevestigd", "soort", "-jaar"]


@admin.register(ExtraNietWerkdag)
class ExtraNietWerkdagAdmin(TabelAdmin):
    list_display = ["datum", "omschrijving", "is_bevestigd", "bron"]
    search_fields = ["omschrijving", "bron"]
    ordering = ["-datum"]


@admin.register(Tabeltaak)
class TabeltaakAdmin(BeheerderAdmin):
    """Open tasks first: a table lacks the row for a half-year that has begun (made by a daily check)."""

    list_display = ["omschrijving", "tabel", "periode_vanaf", "aangemaakt_op", "afgerond_op"]
    list_filter = ["afgerond_op", "tabel"]
    search_fields = ["omschrijving"]
    readonly_fields = ["sleutel", "tabel", "periode_vanaf", "omschrijving", "aangemaakt_op"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
