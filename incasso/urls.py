app_name = "incasso"

urlpatterns: list = []
