"""Amounts print with the decimals the form was filled in with: 1234.5670 stays 1234.5670."""

import subprocess
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from approvals.pdf import render_filing_pdf
from budgets.importexport.export import export_filings
from budgets.importexport.format import LINES, OVERALL
from budgets.importexport.service import run_import
from budgets.models import Filing
from budgets.models.money import format_money, typed

from .importexport.helpers import cell_values, header_index, seed_rows, workbook_bytes


def show(filing):
    out = StringIO()
    call_command("show_filing", filing.department.code, str(filing.year), stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(seed_filing):
    """The seed imported again with 资金总额 typed as 1234.5670 and the first 附件2 row as 12345.6700."""
    rows = seed_rows(seed_filing)
    rows[OVERALL][0][header_index(OVERALL, "资金总额")] = "1234.5670"
    rows[LINES][0][header_index(LINES, "金额")] = "12345.6700"
    Filing.objects.all().delete()
    result = run_import([("typed.xlsx", workbook_bytes(rows))], dry_run=False)
    assert result.ok, [str(p) for p in result.problems]
    return Filing.objects.get()


def test_an_imported_amount_keeps_its_typed_decimals_in_show_filing(imported):
    text = show(imported)
    assert "资金总额：1234.5670 万元" in text
    assert "| 12345.6700 |" in text
    assert imported.money_places["total_amount"] == 4


def test_the_web_page_shows_the_amount_as_typed(client, clerk_a, imported):
    client.force_login(clerk_a)
    html = client.get(reverse("filing_detail", args=[imported.pk])).content.decode()
    assert 'data-testid="total-amount">1234.5670<' in html
    assert ">12345.6700<" in html


def test_the_pdf_prints_the_amount_as_typed(imported, tmp_path):
    path = tmp_path / "typed.pdf"
    path.write_bytes(render_filing_pdf(imported))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "1234.5670" in text
    assert "12345.6700" in text


def test_export_writes_the_typed_text_back_and_it_round_trips(imported):
    first = export_filings([imported])
    cells = cell_values(first)
    assert cells[OVERALL][1][header_index(OVERALL, "资金总额")] == "1234.5670"
    Filing.objects.all().delete()
    assert run_import([("again.xlsx", first)], dry_run=False).ok
    again = Filing.objects.get()
    assert "资金总额：1234.5670 万元" in show(again)
    assert cell_values(export_filings([again])) == cells


def test_the_seed_still_prints_its_amounts_without_added_zeros(seed_filing):
    text = show(seed_filing)
    assert "资金总额：1482.9 万元" in text
    assert "1482.900" not in text


def test_an_amount_saved_again_keeps_its_places(imported):
    imported.refresh_from_db()
    imported.department_name += " "
    imported.save()
    assert format_money(Filing.objects.get().total_amount) == "1234.5670"


def test_a_computed_amount_drops_the_stored_zeros_and_a_typed_one_keeps_them():
    assert format_money(Decimal("1482.900000")) == "1482.9"
    assert format_money(typed(Decimal("1234.567000"), 4)) == "1234.5670"
    assert format_money(Decimal("1482.900000"), 2) == "1482.90"


def test_an_amount_typed_in_the_admin_keeps_its_decimals(client, admin_user, seed_filing):
    from .admin_forms import admin_form_data

    client.force_login(admin_user)
    url = reverse("admin:budgets_filing_change", args=[seed_filing.pk])
    data = admin_form_data(client.get(url))
    data["total_amount"] = "1482.9000"
    assert client.post(url, data).status_code == 302
    assert 'value="1482.9000"' in client.get(url).content.decode()
    assert "资金总额：1482.9000 万元" in show(seed_filing)


def test_an_amount_typed_on_the_entry_screen_keeps_its_decimals(client, clerk_a, frameworks):
    from budgets.entry.services import create_filing

    from .entry.helpers import post_step

    draft = create_filing(clerk_a, 2022)
    client.force_login(clerk_a)
    step = reverse("entry:step_basic", args=[draft.pk])
    assert post_step(client, step, {"total_amount": "1234.5670"}).status_code == 302
    assert 'value="1234.5670"' in client.get(step).content.decode()
    html = client.get(reverse("filing_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="total-amount">1234.5670<' in html
    # Retyping the same amount with fewer zeros is a change the form shows.
    assert post_step(client, step, {"total_amount": "1234.567"}).status_code == 302
    assert 'value="1234.567"' in client.get(step).content.decode()


def test_recorded_places_never_hide_digits_written_behind_the_rows_back(imported):
    Filing.objects.filter(pk=imported.pk).update(total_amount=Decimal("1234.567891"))
    assert format_money(Filing.objects.get().total_amount) == "1234.567891"
