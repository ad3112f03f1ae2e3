"""The review workflow's cast is the suite's (tests/conftest.py); these are its filings.

ready_filing — the seed filing with its errors mended (each flagged 指标值 given an operator), so
               clerk_a can 送审 it; its warnings remain, to be acknowledged one by one.
"""

import pytest

from approvals import services
from budgets.models import Indicator
from budgets.validation import validate_filing


def mend_errors(filing):
    for _ in range(3):
        errors = [f for f in validate_filing(filing) if f.severity == "error"]
        if not errors:
            return filing
        ids = {f.location.indicator_id for f in errors if f.location.indicator_id}
        assert ids, [f.message for f in errors]
        Indicator.objects.filter(pk__in=ids).update(value_text="≥90%", operator="", value_number=None, unit="")
    raise AssertionError("the seed still has errors")


def warnings_of(filing):
    return [services.finding_key(f) for f in validate_filing(filing) if f.severity == "warning"]


@pytest.fixture
def ready_filing(seed_filing, cast):
    return mend_errors(seed_filing)


def submit(user, filing):
    filing.refresh_from_db()
    return services.submit(user, filing.pk, seen=filing.revision, acknowledged=warnings_of(filing))


def decide(user, filing, grade, **kwargs):
    filing.refresh_from_db()
    kwargs.setdefault("dimensions", {})
    if grade in ("C", "D"):
        kwargs.setdefault("reason", "指标不可考核")
        kwargs.setdefault("suggestion", "补充指标性质和计量单位")
    return services.decide(user, filing.pk, seen=filing.revision, grade=grade, **kwargs)
