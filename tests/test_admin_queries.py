"""Saving a filing's admin page costs the same number of queries whatever its number of rows."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets.models import Indicator
from budgets.services.packets import create_filing_from_packet


class FormFields(HTMLParser):
    """What a browser would post for the page's main form: inputs, textareas, selected options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._textarea, self._select = [], None, None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image"):
                self.data.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop the one newline that follows <textarea>; Django writes it for that reason.
            self.data.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def posted_form(client, url):
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data["_save"] = ["保存"]
    return data


def all_on_attachment_1(filing, keep):
    """The seed's indicator rows moved onto 附件1 (so all show on the filing's page), `keep` of them."""
    rows = list(Indicator.objects.filter(filing=filing).order_by("sheet_id", "period", "order"))
    Indicator.objects.filter(pk__in=[r.pk for r in rows[keep:]]).delete()
    for i, row in enumerate(rows[:keep], start=1):
        Indicator.objects.filter(pk=row.pk).update(sheet=None, period=Indicator.Period.ANNUAL, order=1000 + i)
    for i, row in enumerate(rows[:keep], start=1):
        Indicator.objects.filter(pk=row.pk).update(order=i)


def page_and_save_queries(client, filing, change=None):
    """Queries to open the filing's admin page and to post it back (with `change` applied)."""
    url = reverse("admin:budgets_filing_change", args=[filing.pk])
    with CaptureQueriesContext(connection) as opened:
        data = posted_form(client, url)
    data.update(change or {})
    with CaptureQueriesContext(connection) as saved:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return len(opened.captured_queries), len(saved.captured_queries)


@pytest.fixture
def admin_client_for(client, admin_user):
    client.force_login(admin_user)
    return client


def indicator_prefix(client, filing):
    """The inline's form prefix for 附件1 indicator rows, as the page names it."""
    names = posted_form(client, reverse("admin:budgets_filing_change", args=[filing.pk]))
    return next(n.removesuffix("-0-name") for n in names if n.endswith("-0-name") and n.startswith("indicators"))


def test_the_seed_filing_page_posts_back_unchanged(admin_client_for, seed_filing):
    before = list(Indicator.objects.filter(filing=seed_filing).values_list("pk", "name", "value_text", "order"))
    page_and_save_queries(admin_client_for, seed_filing)
    assert list(Indicator.objects.filter(filing=seed_filing).values_list("pk", "name", "value_text", "order")) == before


def test_a_filing_page_with_56_indicator_rows_costs_the_queries_of_one_with_10(
        admin_client_for, seed_filing, jinglong, seed_packet):
    small = create_filing_from_packet({**seed_packet, "year": 2020}, department=jinglong)
    all_on_attachment_1(seed_filing, 56)
    all_on_attachment_1(small, 10)
    assert Indicator.objects.filter(filing=seed_filing, sheet__isnull=True).count() == 56
    # One row edited on each page: an edited row is validated and saved, at the same cost on both.
    edits = [{f"{indicator_prefix(admin_client_for, f)}-3-value_text": "≥99%"} for f in (seed_filing, small)]
    big = page_and_save_queries(admin_client_for, seed_filing, edits[0])
    few = page_and_save_queries(admin_client_for, small, edits[1])
    assert big == few, (big, few)
    assert Indicator.objects.filter(filing=seed_filing, sheet__isnull=True, value_text="≥99%").count() == 1


def test_an_edited_row_is_still_checked_in_full_and_a_clashing_row_number_gets_a_message_not_an_error_page(admin_client_for, seed_filing):
    url = reverse("admin:budgets_filing_change", args=[seed_filing.pk])
    data = posted_form(admin_client_for, url)
    prefix = indicator_prefix(admin_client_for, seed_filing)
    data[f"{prefix}-1-order"] = data[f"{prefix}-0-order"]
    response = admin_client_for.post(url, data)
    assert response.status_code == 200
    assert f"行号{data[f'{prefix}-0-order'][0]}已被本表另一行年度指标使用，请换一个行号" in response.content.decode()
    assert sorted(Indicator.objects.filter(filing=seed_filing, sheet__isnull=True).values_list("order", flat=True)) \
        == list(range(1, Indicator.objects.filter(filing=seed_filing, sheet__isnull=True).count() + 1))
