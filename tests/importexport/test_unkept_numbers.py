"""A workbook 指标值 whose number no row can keep: previewed with its finding, imported as text, never a 500."""

from budgets.importexport.format import INDICATORS
from budgets.importexport.service import run_import
from budgets.models import Indicator
from budgets.validation import validate_filing

from .helpers import empty_database, header_index, seed_rows, workbook_bytes


def test_a_fifteen_digit_value_previews_and_imports_as_text(seed_filing):
    rows = seed_rows(seed_filing)
    value = header_index(INDICATORS, "指标值")
    number = header_index(INDICATORS, "指标值（数值）")
    rows[INDICATORS][0][value] = "≥123456789012345个"
    rows[INDICATORS][0][number] = None
    rows[INDICATORS][1][value] = "≥0.0000001%"
    rows[INDICATORS][1][number] = None
    data = workbook_bytes(rows)
    empty_database()

    preview = run_import([("prior.xlsx", data)], dry_run=True)
    assert preview.ok, [str(p) for p in preview.problems]
    result = run_import([("prior.xlsx", data)], dry_run=False)
    assert result.ok, [str(p) for p in result.problems]

    kept = Indicator.objects.filter(value_text__in=["≥123456789012345个", "≥0.0000001%"])
    assert list(kept.values_list("value_number", flat=True)) == [None, None]
    filing = kept.first().filing
    assert len([f for f in validate_filing(filing) if f.code == "R06_NUMBER_UNKEPT"]) == 2
