from django.urls import path

from staf.automatische_incasso import views

app_name = "automatische_incasso"

urlpatterns = [
    path("", views.batch_lijst, name="batches"),
    path("batch/<int:pk>/", views.batch_detail, name="batch"),
    path("batch/<int:pk>/vrijgeven/", views.batch_vrijgeven, name="batch_vrijgeven"),
    path("batch/<int:pk>/goedkeuren/", views.batch_goedkeuren, name="batch_goedkeuren"),
    path("batch/<int:pk>/afwijzen/", views.batch_afwijzen, name="batch_afwijzen"),
    path("batch/<int:pk>/bestand/", views.batch_download, name="batch_download"),
    path("regeling/<int:regeling_id>/machtiging/", views.machtiging_vastleggen, name="machtiging"),
    path("machtiging/<int:pk>/intrekken/", views.machtiging_intrekken, name="machtiging_intrekken"),
]
