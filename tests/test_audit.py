"""The audit log: appended to, never edited or deleted; an entry can point at any row."""

import pytest

from budgets.audit import log_action
from budgets.models import AuditEntry, Filing, Indicator


def test_an_entry_can_point_at_a_single_indicator(seed_filing, clerk_a):
    indicator = Indicator.objects.filter(filing=seed_filing).first()
    entry = log_action("filing.printed", actor=clerk_a, filing=seed_filing, target=indicator)
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.target == indicator
    assert entry.filing == seed_filing
    assert entry.district_id == seed_filing.department.district_id
    assert entry.actor_name == "clerk_a"


def test_an_entry_about_a_filing_points_at_the_filing(seed_filing):
    entry = log_action("filing.exported", filing=seed_filing)
    assert entry.target == seed_filing
    assert entry.actor_name == "系统"


def test_entries_are_neither_edited_nor_deleted(seed_filing):
    entry = log_action("filing.exported", filing=seed_filing)
    entry.action = "filing.printed"
    with pytest.raises(ValueError, match="只能追加"):
        entry.save()
    with pytest.raises(TypeError, match="不能删除"):
        entry.delete()
    with pytest.raises(TypeError, match="不能删除"):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError, match="不能修改"):
        AuditEntry.objects.update(action="x")
    assert AuditEntry.objects.filter(pk=entry.pk, action="filing.exported").exists()


def test_entries_outlive_the_filing_they_name(seed_filing):
    entry = log_action("filing.exported", filing=seed_filing)
    Filing.objects.filter(pk=seed_filing.pk).delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.filing is None
    assert entry.filing_label == "2021年 石峰区井龙街道办事处"
    assert entry.district_id is not None  # still scoped to its district's 管理员
