from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import fund_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=False), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
         name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("entry/", include("budgets.entry.urls")),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("funds/", fund_views.fund_list, name="fund_list"),
    path("funds/<int:pk>/", fund_views.fund_detail, name="fund_detail"),
]
