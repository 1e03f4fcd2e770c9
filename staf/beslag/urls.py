from django.urls import path

from staf.beslag import views

app_name = "beslag"

urlpatterns = [
    path("", views.index, name="index"),
    path("kantoren/", views.kantoren, name="kantoren"),
    path("derden/", views.derden, name="derden"),
    path("dossier/<int:pk>/", views.dossier, name="dossier"),
    path("dossier/<int:pk>/<slug:actie>/", views.dossier, name="dossier_actie"),
    path("beslag/<int:pk>/<slug:actie>/", views.beslag_actie, name="beslag_actie"),
    path("opdracht/<int:pk>/brief/", views.opdrachtbrief, name="opdrachtbrief"),
    path("termijn/<int:pk>/afhandelen/", views.termijn_afhandel, name="termijn_afhandel"),
]
