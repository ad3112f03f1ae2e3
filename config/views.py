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
