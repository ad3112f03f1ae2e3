"""Typed input kept when a save cannot happen: the session expired, the CSRF token went stale, the user
left a step whose input did not pass its checks, or left a changed step without saving (a link, Back,
closing the tab: static/js/entry.js posts it here). Kept server-side (PendingInput), offered back on the
same page to the user it was typed for.

Bounded: one kept input per user and page (the newest), at most KEEP_LIMIT of it, and without a session
only under an owner token younger than forms.OWNER_MAX_AGE.
"""

import json

from django.db import transaction
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone

from budgets.models import PendingInput

from .forms import OWNER_MAX_AGE, read_owner

SKIP = {"csrfmiddlewaretoken", "action", "goto"}

# A step of the seed posts under 10 kB; a 1000-row grid of long texts stays well under this.
KEEP_LIMIT = 2 * 1024 * 1024
TOO_LARGE = ("您填写的内容过大（超过 2 MB），无法暂存，本次也没有保存。"
             "请返回上一页，把较长的文字分次填写、逐次保存。")
TOO_LARGE_TO_LEAVE = ("本页有未通过检查的内容，尚未保存；内容过大（超过 2 MB），离开本页时无法暂存。"
                      "请按红色提示修改并保存后再离开。")
TOO_OLD = (f"登录已过期，且该页面打开已超过 {OWNER_MAX_AGE.total_seconds() // 3600:.0f} 小时，"
           "填写的内容无法暂存，本次没有保存。请重新登录后打开该步骤重新填写。")

# What stash_unauthenticated did with a POST: kept it, or could not (and why).
KEPT, NOT_KEPT_TOO_LARGE, NOT_KEPT_TOO_OLD = "kept", "too_large", "too_old"


class TooLarge(Exception):
    pass


def keep(username, path, post):
    """Keep a POST aside for the user and page, in place of what was kept there before."""
    data = {k: v for k, v in post.lists() if k not in SKIP}
    if len(json.dumps(data, ensure_ascii=False).encode()) > KEEP_LIMIT:
        raise TooLarge
    with transaction.atomic():
        PendingInput.objects.filter(username=username, path=path).delete()
        return PendingInput.objects.create(username=username, path=path, data=data)


def saving_step(path):
    """Whether path is an entry step that saves what is posted to it (its page class has a save)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    page_class = getattr(match.func, "page_class", None)
    return match.namespace == "entry" and page_class is not None and page_class.saves


def stash_unauthenticated(request):
    """Keep a POST that arrived without a valid session or CSRF token. Returns None when it is not one
    to keep (no step that saves, no owner token for this page), else KEPT or why it was not kept.

    Only for an entry step that saves, and only under the name signed into the page (so nobody can
    plant input for someone else, and the input is never offered to another user).
    """
    if request.method != "POST" or not saving_step(request.path):
        return None
    value = request.POST.get("owner")
    owner = read_owner(value)
    if owner is None:
        return NOT_KEPT_TOO_OLD if read_owner(value, max_age=None) is not None else None
    if owner[1] != request.path:
        return None
    try:
        keep(owner[0], request.path, request.POST)
    except TooLarge:
        return NOT_KEPT_TOO_LARGE
    return KEPT


def pending_for(user, path):
    return (PendingInput.objects.filter(username=user.get_username(), path=path, expires__gt=timezone.now())
            .order_by("-created").first())


def data_of(pending):
    """The kept input as a QueryDict, to bind the step's forms to."""
    q = QueryDict(mutable=True)
    for key, values in pending.data.items():
        q.setlist(key, values)
    return q


def forget(user, path):
    PendingInput.objects.filter(username=user.get_username(), path=path).delete()
