urlpatterns: list = [
    # PDF downloads and, later, workflow actions.
]
