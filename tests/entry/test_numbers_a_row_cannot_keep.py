"""A 指标值 whose number no row can keep exactly (15 whole digits, 7 decimals, a million digits) is
saved as typed, with a finding — never a 500 that loses the step, never rounded to 0 without a word."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.entry.services import create_filing
from budgets.models import Indicator, ProjectSheet
from budgets.validation import validate_filing
from indicators.models import FormLayout, Level2

from .helpers import post_step

HUGE = "≥123456789012345个"
TINY = "≥0.0000001%"


def unkept(filing):
    return [f for f in validate_filing(filing) if f.code == "R06_NUMBER_UNKEPT"]


@pytest.mark.parametrize("typed", [HUGE, TINY])
def test_attachment1_keeps_the_text_of_a_number_it_cannot_hold_and_says_so(signed_in, seed_filing, typed):
    url = reverse("entry:step_indicators", args=[seed_filing.pk])
    response = post_step(signed_in, url, {"ind-0-value_text": typed})
    assert response.status_code == 302
    row = Indicator.objects.filter(filing=seed_filing, sheet=None).order_by("period", "order").first()
    assert (row.value_text, row.value_number) == (typed, None)
    [finding] = unkept(seed_filing)
    assert "超出系统可保存的位数" in finding.message and typed in finding.message
    check = signed_in.get(reverse("entry:step_check", args=[seed_filing.pk])).content.decode()
    assert "超出系统可保存的位数" in check


def test_an_attachment3_sheet_keeps_a_fifteen_digit_value(signed_in, seed_filing):
    sheet = ProjectSheet.objects.filter(sub_item__filing=seed_filing).order_by("order").first()
    url = reverse("entry:step_sheet", args=[seed_filing.pk, sheet.pk])
    assert post_step(signed_in, url, {"ind-0-value_text": HUGE}).status_code == 302
    assert Indicator.objects.filter(sheet=sheet, value_text=HUGE, value_number=None).count() == 1


def test_a_project_forms_targets_keep_a_value_with_seven_decimals(signed_in, frameworks, clerk_a):
    project = create_filing(clerk_a, 2023, kind="project", layout=FormLayout.objects.get(code="sichuan-2023-project"))
    l2 = Level2.objects.filter(level1__framework=project.framework).order_by("level1__order", "order").first()
    response = post_step(signed_in, reverse("entry:project_targets", args=[project.pk]), {
        "ind-0-level1": str(l2.level1_id), "ind-0-level2": str(l2.pk), "ind-0-name": "达标率",
        "ind-0-operator": "≥", "ind-0-value_text": "0.0000001", "ind-0-unit": "%", "ind-0-weight": "10"})
    assert response.status_code == 302
    row = Indicator.objects.get(filing=project)
    assert (row.value_text, row.value_number, row.weight) == ("0.0000001", None, Decimal("10"))
    assert len(unkept(project)) == 1


def test_the_row_check_answers_for_a_million_digit_number(signed_in, seed_filing):
    row = Indicator.objects.filter(filing=seed_filing, sheet=None).order_by("period", "order").first()
    response = signed_in.post(reverse("entry:check_row", args=[seed_filing.pk]), {
        "row_prefix": "ind-0", "ind-0-id": str(row.pk), "ind-0-order": "1", "ind-0-level2": str(row.level2_id),
        "ind-0-name": row.name, "ind-0-value_text": "≥" + "9" * 1_000_000 + "个"})
    assert response.status_code == 200
    assert "超出系统可保存的位数" in response.content.decode()
