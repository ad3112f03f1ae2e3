import math

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from budgets.entry import recovery


def csrf_failure(request, reason=""):
    # A login form that went stale (logged in or out in another tab) needs a different word of advice
    # than a data form, where the point is not to lose what was typed.
    is_login = request.path in (reverse("login"), reverse("admin:login"))
    # An entry step posted from a page whose session or token went stale: keep what was typed for its
    # user and send them back to that step (after logging in again if need be) to restore it.
    stashed = recovery.stash_unauthenticated(request)
    if stashed == recovery.KEPT:
        messages.warning(request, "页面已过期，本次没有保存。您填写的内容已暂存，可在本页点「恢复您未保存的内容」。")
        return redirect(request.path)
    if stashed == recovery.NOT_KEPT_TOO_LARGE:
        messages.warning(request, recovery.TOO_LARGE)
        return redirect(request.path)
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


def login_username(request, credentials=None):
    """The user name django-axes records a failed login under, cut to what the column holds.

    A 100,000-character user name posted to a login page would otherwise fail the insert into
    axes' varchar(255) on PostgreSQL (a 500) instead of counting as one more wrong login.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    name = source.get("username") if source else None
    return name[:150] if isinstance(name, str) else name
