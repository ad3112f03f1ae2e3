from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "绩效目标申报与审核系统"
admin.site.site_title = "绩效目标管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page whatever the <link> says.
    path("favicon.ico", views.favicon),
    path("", include("budgets.urls")),
    path("", include("approvals.urls")),
]
