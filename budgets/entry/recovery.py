"""Typed input kept when a save cannot happen: the session expired, the CSRF token went stale, or the
user left a step whose input did not pass its checks. Kept server-side (PendingInput), offered back on
the same page to the user it was typed for.
"""

from django.urls import Resolver404, resolve
from django.utils import timezone

from budgets.models import PendingInput

from .forms import read_owner

SKIP = {"csrfmiddlewaretoken", "action", "goto"}


def keep(username, path, post):
    data = {k: v for k, v in post.lists() if k not in SKIP}
    return PendingInput.objects.create(username=username, path=path, data=data)


def stash_unauthenticated(request):
    """Keep a POST that arrived without a valid session or CSRF token; True when it was kept.

    Only for an entry step, and only under the name signed into the page (so nobody can plant input
    for someone else, and the input is never offered to another user).
    """
    if request.method != "POST":
        return False
    try:
        match = resolve(request.path)
    except Resolver404:
        return False
    if match.namespace != "entry" or not match.url_name.startswith("step"):
        return False
    owner = read_owner(request.POST.get("owner"))
    if owner is None or owner[1] != request.path:
        return False
    keep(owner[0], request.path, request.POST)
    return True


def pending_for(user, path):
    return (PendingInput.objects.filter(username=user.get_username(), path=path, expires__gt=timezone.now())
            .order_by("-created").first())


def data_of(pending):
    """The kept input as a QueryDict, to bind the step's forms to."""
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    for key, values in pending.data.items():
        q.setlist(key, values)
    return q


def forget(user, path):
    PendingInput.objects.filter(username=user.get_username(), path=path).delete()
