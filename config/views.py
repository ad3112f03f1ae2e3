import math

from django.conf import settings
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse


def csrf_failure(request, reason=""):
    # A login form that went stale (logged in or out in another tab) needs a different word of advice
    # than a data form, where the point is not to lose what was typed.
    is_login = request.path in (reverse("login"), reverse("admin:login"))
    return render(request, "403_csrf.html", {"is_login": is_login}, status=403)


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: too many wrong passwords for this user from this address."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    is_admin = request.path == reverse("admin:login")
    return render(request, "registration/locked_out.html", {
        "minutes": minutes,
        "login_url": reverse("admin:login") if is_admin else reverse("login"),
    }, status=429)
