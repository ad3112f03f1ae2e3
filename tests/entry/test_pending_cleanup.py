"""Kept-aside input: expired drafts are purged by command; the admin shows them read-only, per district."""

from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgets.models import PendingInput


def kept(username, path="/entry/1/basic/", days_left=7, **data):
    return PendingInput.objects.create(username=username, path=path, data=data or {"total_amount": ["1"]},
                                       expires=timezone.now() + timedelta(days=days_left))


def test_purge_pending_input_removes_expired_drafts_and_keeps_live_ones(db, capsys):
    kept("clerk_a", days_left=-1)
    kept("clerk_b", days_left=-3)
    live = kept("clerk_a", days_left=2)
    call_command("purge_pending_input")
    assert list(PendingInput.objects.all()) == [live]
    assert "已删除 2 条过期的未保存填写内容；尚未过期的 1 条保留。" in capsys.readouterr().out


def test_purge_pending_input_says_so_when_nothing_expired(db, capsys):
    kept("clerk_a")
    call_command("purge_pending_input")
    assert "没有过期的未保存填写内容；尚未过期的 1 条保留。" in capsys.readouterr().out
    assert PendingInput.objects.count() == 1


def test_admin_lists_kept_input_of_own_district_users_only(client, admin_user, clerk_a, other_reviewer):
    kept("clerk_a", path="/entry/7/basic/")
    kept("other_reviewer", path="/entry/99/basic/")
    client.force_login(admin_user)
    page = client.get(reverse("admin:budgets_pendinginput_changelist")).content.decode()
    assert "/entry/7/basic/" in page
    assert "/entry/99/basic/" not in page


def test_admin_cannot_add_or_edit_kept_input(client, admin_user, clerk_a):
    pending = kept("clerk_a", total_amount=["12"])
    client.force_login(admin_user)
    change = reverse("admin:budgets_pendinginput_change", args=[pending.pk])
    assert client.get(reverse("admin:budgets_pendinginput_add")).status_code == 403
    client.post(change, {"username": "clerk_b", "path": "/x/"})
    pending.refresh_from_db()
    assert (pending.username, pending.path) == ("clerk_a", "/entry/1/basic/")
    assert "12" in client.get(change).content.decode()
