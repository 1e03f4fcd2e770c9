from django.urls import path

from staf.incasso import toestemming_views, views

app_name = "incasso"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("post/", views.post, name="post"),
    path("printbatch/<int:pk>/pdf/", views.printbatch_pdf, name="printbatch_pdf"),
    path("printbatch/<int:pk>/gepost/", views.printbatch_gepost, name="printbatch_gepost"),
    path("brief/<int:pk>/pdf/", views.brief_pdf, name="brief_pdf"),
    path("dossier/<int:dossier_id>/", views.paneel, name="paneel"),
    path("dossier/<int:dossier_id>/toestemming/", views.toestemming_vraag, name="toestemming_vraag"),
    path(
        "dossier/<int:dossier_id>/toestemming/vastleggen/",
        toestemming_views.toestemming_vastleggen,
        name="toestemming_vastleggen",
    ),
    path("dossier/<int:dossier_id>/regeling/", views.regeling_nieuw, name="regeling_nieuw"),
    path("dossier/<int:dossier_id>/derde/", views.verzoek_derde, name="verzoek_derde"),
    path("derde/<int:pk>/beantwoord/", views.verzoek_derde_beantwoord, name="verzoek_derde_beantwoord"),
]
