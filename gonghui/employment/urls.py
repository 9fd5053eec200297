app_name = "employment"
urlpatterns: list = []
