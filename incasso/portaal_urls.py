app_name = "incasso_portaal"

urlpatterns: list = []
