from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page whatever the <link> says.
    path("favicon.ico", views.favicon),
    path("", include("budgets.urls")),
    path("", include("approvals.urls")),
]
