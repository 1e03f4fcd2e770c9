from django.urls import path

from . import views

app_name = "portaal"

urlpatterns = [
    path("", views.home, name="home"),
    path("opdracht/", views.opdracht_start, name="opdracht_start"),
    path("opdracht/stap/<slug:stap>/", views.opdracht_stap, name="opdracht_stap"),
    path("opdracht/controleren/", views.opdracht_controleren, name="opdracht_controleren"),
    path(
        "opdracht/concept-verwijderen/", views.opdracht_concept_verwijder, name="opdracht_concept_verwijder"
    ),
    path("opdracht/verstuurd/<int:dossier_id>/", views.opdracht_verstuurd, name="opdracht_verstuurd"),
    path("dossiers/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:dossier_id>/berichten/", views.dossier_bericht, name="dossier_bericht"),
    path(
        "dossiers/<int:dossier_id>/documenten/<int:document_id>/",
        views.dossier_document,
        name="dossier_document",
    ),
]
