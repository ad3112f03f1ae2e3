"""Downloads in the browser: who gets a PDF, who gets a 404, and what a failed render looks like."""

import pytest
from django.urls import reverse

from budgets.models import AuditEntry


def _login(client, user):
    client.force_login(user)
    return client


def test_owner_downloads_the_packet(client, seed_filing, clerk_a):
    response = _login(client, clerk_a).get(reverse("filing_pdf", args=[seed_filing.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="filing.printed", filing=seed_filing)
    assert entry.actor == clerk_a and entry.data["attachments"] == [1, 2, 3]


def test_admin_downloads_one_attachment(client, seed_filing, admin_user):
    response = _login(client, admin_user).get(reverse("filing_attachment_pdf", args=[seed_filing.pk, 2]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", ["clerk_b", "reviewer", "other_reviewer"])
def test_outsiders_get_404(client, seed_filing, cast, who):
    # The seed is a draft: reviewers do not see drafts yet, other departments never do.
    client.force_login(cast[who])
    assert client.get(reverse("filing_pdf", args=[seed_filing.pk])).status_code == 404
    assert client.get(reverse("filing_attachment_pdf", args=[seed_filing.pk, 1])).status_code == 404
    assert not AuditEntry.objects.filter(action="filing.printed").exists()


def test_anonymous_is_sent_to_login(client, seed_filing):
    url = reverse("filing_pdf", args=[seed_filing.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"  # back to the PDF after logging in


def test_unknown_attachment_is_404(client, seed_filing, clerk_a):
    assert _login(client, clerk_a).get(f"/filings/{seed_filing.pk}/pdf/4/").status_code == 404


def test_render_failure_shows_a_chinese_page(client, seed_filing, clerk_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("pango exploded")

    monkeypatch.setattr("approvals.views.render_filing_pdf", broken)
    response = _login(client, clerk_a).get(reverse("filing_pdf", args=[seed_filing.pk]))
    assert response.status_code == 503
    body = response.content.decode()
    assert "无法生成PDF" in body and "申报内容没有受到影响" in body
    assert "pango" not in body


def test_filing_page_offers_the_downloads(client, seed_filing, clerk_a):
    body = _login(client, clerk_a).get(reverse("filing_detail", args=[seed_filing.pk])).content.decode()
    assert reverse("filing_pdf", args=[seed_filing.pk]) in body
    for n in (1, 2, 3):
        assert reverse("filing_attachment_pdf", args=[seed_filing.pk, n]) in body
