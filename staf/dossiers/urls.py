from django.urls import path

from staf.dossiers import acties, debiteur, privacy, views

app_name = "dossiers"

urlpatterns = [
    path("", views.home, name="home"),
    path("dossiers/", views.lijst, name="lijst"),
    path("dossiers/bulk/", views.bulk, name="bulk"),
    path("opdracht/telefonisch/", acties.telefonische_opdracht, name="telefonisch"),
    path("dossiers/<int:dossier_id>/", views.dossier, name="dossier"),
    path("dossiers/<int:dossier_id>/partijen/", views.partijen, name="partijen"),
    path("dossiers/<int:dossier_id>/achterstand/", views.achterstand, name="achterstand"),
    path("dossiers/<int:dossier_id>/achterstand/pdf/", acties.achterstand_pdf, name="achterstand_pdf"),
    path("dossiers/<int:dossier_id>/wettelijke-rente/", acties.wettelijke_rente, name="wettelijke_rente"),
    path("dossiers/<int:dossier_id>/titel/", views.titel, name="titel"),
    path("dossiers/<int:dossier_id>/tijdlijn/", views.tijdlijn, name="tijdlijn"),
    path("dossiers/<int:dossier_id>/documenten/", views.documenten, name="documenten"),
    path("dossiers/<int:dossier_id>/documenten/nieuw/", acties.document_upload, name="document_upload"),
    path("dossiers/<int:dossier_id>/documenten/<int:document_id>/", views.document, name="document"),
    path("dossiers/<int:dossier_id>/taken/", views.taken, name="taken"),
    path("dossiers/<int:dossier_id>/wijzigingen/", views.wijzigingen, name="wijzigingen"),
    path("dossiers/<int:dossier_id>/taken/nieuw/", acties.taak_nieuw, name="taak_nieuw"),
    path(
        "dossiers/<int:dossier_id>/taken/<int:taak_id>/afronden/", acties.taak_afronden, name="taak_afronden"
    ),
    path("dossiers/<int:dossier_id>/berichten/nieuw/", acties.bericht, name="bericht"),
    path("dossiers/<int:dossier_id>/accepteren/", acties.accepteer, name="accepteer"),
    path("dossiers/<int:dossier_id>/weigeren/", acties.weiger, name="weiger"),
    path("dossiers/<int:dossier_id>/status/", acties.status_wijzig, name="status"),
    path("dossiers/<int:dossier_id>/volgende-actie/", acties.volgende_actie, name="volgende_actie"),
    path("dossiers/<int:dossier_id>/notitie/", acties.notitie, name="notitie"),
    path("dossiers/<int:dossier_id>/debiteur/<int:vraag_id>/", debiteur.debiteurvraag, name="debiteurvraag"),
    path("inzageverzoeken/", privacy.inzageverzoeken, name="inzageverzoeken"),
    path(
        "inzageverzoeken/<int:verzoek_id>/archief/",
        privacy.inzageverzoek_archief,
        name="inzageverzoek_archief",
    ),
    path("dossiers/<int:dossier_id>/telefoonnotitie/", acties.telefoonnotitie, name="telefoonnotitie"),
]
