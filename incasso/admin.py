from django.contrib import admin

from accounts.admin_site import AlleenLezenAdmin
from tarieven.admin import HistorieAdmin

from .models import (
    AfleverGebeurtenis,
    Betalingsregeling,
    Brief,
    Brieftekst,
    Printbatch,
    Regelingregels,
    Regeltermijn,
    Signalering,
    Toestemmingsverzoek,
    UitgaandeEmail,
    VerzoekAanDerde,
)


@admin.register(Brieftekst)
class BrieftekstAdmin(admin.ModelAdmin):
    """Letter texts are edited by the beheerder; a row with a later `geldig_vanaf` takes over from that day."""

    list_display = ("soort", "onderwerp", "geldig_vanaf")
    list_filter = ("soort",)
    ordering = ("soort", "-geldig_vanaf")


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ("dossier", "soort", "datum", "termijn_einde", "bedrag", "verzonden_via", "printbatch")
    list_filter = ("soort", "verzonden_via")
    search_fields = ("dossier__nummer", "sleutel")
    raw_id_fields = ("printbatch",)
    # What a letter demanded is a fact of a sent document: never edited afterwards.
    readonly_fields = ("sleutel", "bedrag", "datum", "termijn_einde", "soort", "dossier", "document")

    def has_add_permission(self, request):
        return False  # letters are made by the letter services, with their PDF and their key


@admin.register(UitgaandeEmail)
class UitgaandeEmailAdmin(admin.ModelAdmin):
    list_display = (
        "aan",
        "onderwerp",
        "status",
        "pogingen",
        "aangemaakt_op",
        "verstuurd_op",
        "afgeleverd_op",
    )
    list_filter = ("status",)
    search_fields = ("aan", "onderwerp", "sleutel", "esp_message_id")
    raw_id_fields = ("dossier", "documenten")
    readonly_fields = (
        "sleutel",
        "pogingen",
        "laatste_fout",
        "verstuurd_op",
        "esp_message_id",
        "afgeleverd_op",
        "bounce_op",
    )


@admin.register(AfleverGebeurtenis)
class AfleverGebeurtenisAdmin(AlleenLezenAdmin):
    """Delivery events from the ESP's webhook: evidence, so nobody edits or deletes them."""

    list_display = ("email", "soort", "op", "aan")
    list_filter = ("soort",)
    search_fields = ("aan", "email__esp_message_id")
    raw_id_fields = ("email",)


@admin.register(Toestemmingsverzoek)
class ToestemmingsverzoekAdmin(HistorieAdmin):
    """Consent is asked and answered only through the services (portal, or recorded by a case manager with
    evidence): the admin shows it and its history (who answered, when) and cannot create or change an answer."""

    list_display = ("dossier", "soort", "status", "gevraagd_op", "beantwoord_op")
    list_filter = ("soort", "status")
    raw_id_fields = ("dossier", "gevraagd_door", "beantwoord_door")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegeltermijnInline(admin.TabularInline):
    model = Regeltermijn
    extra = 0

    # Instalments are money the client approved; they change only through the arrangement services.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Betalingsregeling)
class BetalingsregelingAdmin(admin.ModelAdmin):
    list_display = ("dossier", "status", "bron", "voorgesteld_op", "beoordeeld_op")
    list_filter = ("status", "bron")
    raw_id_fields = ("dossier",)
    readonly_fields = (
        "status",
        "bron",
        "binnen_regels",
        "voorgesteld_op",
        "voorgesteld_door",
        "beoordeeld_op",
        "beoordeeld_door",
    )
    inlines = [RegeltermijnInline]


@admin.register(Regelingregels)
class RegelingregelsAdmin(HistorieAdmin):
    """The client sets these in the portal (``regelingregels_wijzig``); the admin shows them and their
    history (who changed what) and changes nothing."""

    list_display = ("client", "max_maanden", "min_maandbedrag", "direct_akkoord", "gewijzigd_op")
    raw_id_fields = ("client",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VerzoekAanDerde)
class VerzoekAanDerdeAdmin(admin.ModelAdmin):
    list_display = (
        "dossier",
        "derde_naam",
        "verzonden_op",
        "antwoord_uiterlijk",
        "beantwoord_op",
        "rappel_op",
    )
    raw_id_fields = ("dossier",)


@admin.register(Signalering)
class SignaleringAdmin(admin.ModelAdmin):
    list_display = ("dossier", "soort", "sinds", "opgelost_op")
    list_filter = ("soort",)
    raw_id_fields = ("dossier",)


@admin.register(Printbatch)
class PrintbatchAdmin(admin.ModelAdmin):
    list_display = ("datum", "aangemaakt_op", "afgedrukt_op")
    raw_id_fields = ("document",)
