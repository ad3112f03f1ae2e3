"""Confirming one ImportBatch twice (two tabs, a double click): one import, a friendly message, never a 500."""

import io
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse

from budgets.importexport import admin_views
from budgets.importexport.export import export_filings
from budgets.models import AuditEntry, Filing, ImportBatch

ALREADY = "该导入已由另一个请求确认，无需重复操作。"


@pytest.fixture
def previewed(client, admin_user, seed_filing):
    return _upload_seed(client, admin_user, seed_filing)


def _upload_seed(client, admin_user, seed_filing):
    """An uploaded, previewed export of the seed, and an empty filing table to import it into."""
    data = export_filings([seed_filing])
    Filing.objects.all().delete()
    client.force_login(admin_user)
    upload = io.BytesIO(data)
    upload.name = "prior.xlsx"
    client.post(reverse("admin:budgets_filing_import"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED
    return batch


def _confirm(client, batch):
    return client.post(reverse("admin:budgets_filing_import_confirm", args=[batch.pk]), {"sha256": batch.sha256})


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _imports():
    return AuditEntry.objects.filter(action="filing.imported").count()


def test_a_second_confirm_gets_a_message_and_imports_nothing_again(client, previewed):
    first = _confirm(client, previewed)
    assert first.status_code == 302
    assert "导入完成" in client.get(first.url).content.decode()  # shows (and uses up) the first message
    second = _confirm(client, previewed)
    assert second.status_code == 302
    assert second.url == reverse("admin:budgets_filing_import_preview", args=[previewed.pk])
    assert _messages(second) == [ALREADY]
    assert ALREADY in client.get(second.url).content.decode()
    assert Filing.objects.count() == 1 and _imports() == 1


def test_a_confirm_that_loses_the_race_after_its_check_imports_nothing(client, previewed, monkeypatch):
    # This request read the batch as 已预览; another one confirmed it before this one's UPDATE ran.
    stale = ImportBatch.objects.get(pk=previewed.pk)
    ImportBatch.objects.filter(pk=previewed.pk).update(status=ImportBatch.Status.IMPORTED)
    monkeypatch.setattr(admin_views, "_own_batch", lambda request, pk: stale)
    calls = []
    monkeypatch.setattr(admin_views, "run_import", lambda *a, **k: calls.append(1))
    response = _confirm(client, previewed)
    assert response.status_code == 302 and _messages(response) == [ALREADY]
    assert calls == [] and not Filing.objects.exists()


def test_a_locked_database_asks_to_retry_and_leaves_the_batch_confirmable(client, previewed, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(admin_views, "run_import", locked)
        response = _confirm(client, previewed)
    assert response.status_code == 302
    assert any("数据库正忙" in m and "请稍候片刻再点「确认导入」" in m for m in _messages(response))
    previewed.refresh_from_db()
    assert previewed.status == ImportBatch.Status.PREVIEWED and not Filing.objects.exists()

    _confirm(client, previewed)  # the retry goes through
    assert Filing.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SQLite runs skip it)")
@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_import_once(admin_user, seed_filing, frameworks, monkeypatch):
    client = Client()
    previewed_batch = _upload_seed(client, admin_user, seed_filing)
    real_run_import = admin_views.run_import
    calls, start = [], threading.Barrier(2)

    def slow_run_import(*args, **kwargs):
        calls.append(1)
        threading.Event().wait(0.5)  # hold the claim while the other request arrives
        return real_run_import(*args, **kwargs)

    monkeypatch.setattr(admin_views, "run_import", slow_run_import)
    responses, errors = [], []

    def confirm():
        try:
            own = Client()
            own.force_login(admin_user)
            start.wait()
            response = _confirm(own, previewed_batch)
            responses.append((response.status_code, _messages(response)))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert [code for code, _ in responses] == [302, 302]
    assert sorted(len(m) for _, m in responses) == [1, 1]
    assert [ALREADY] in [m for _, m in responses]
    assert len(calls) == 1
    assert Filing.objects.count() == 1 and _imports() == 1
    assert ImportBatch.objects.get().status == ImportBatch.Status.IMPORTED
