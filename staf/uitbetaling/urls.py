from django.urls import path

from staf.uitbetaling import views

app_name = "uitbetaling"

urlpatterns = [
    path("", views.batch_lijst, name="batches"),
    path("batch/<int:pk>/", views.batch_detail, name="batch"),
    path("batch/<int:pk>/vrijgeven/", views.batch_vrijgeven, name="batch_vrijgeven"),
    path("batch/<int:pk>/goedkeuren/", views.batch_goedkeuren, name="batch_goedkeuren"),
    path("batch/<int:pk>/afwijzen/", views.batch_afwijzen, name="batch_afwijzen"),
    path("sepa/<int:pk>/", views.sepa_download, name="sepa_download"),
    path("iban/", views.iban_lijst, name="iban"),
    path("iban/<int:pk>/goedkeuren/", views.iban_goedkeuren, name="iban_goedkeuren"),
    path("iban/<int:pk>/afwijzen/", views.iban_afwijzen, name="iban_afwijzen"),
    path("export/", views.export, name="export"),
    path("export/auditfile/", views.auditfile, name="auditfile"),
    path("specificatie/<int:pk>/pdf/", views.specificatie_pdf, name="specificatie_pdf"),
    path("factuur/<int:pk>/pdf/", views.factuur_pdf, name="factuur_pdf"),
]
