"""A revision's tables and the diff between two rounds."""

from approvals import snapshot


def test_a_changed_indicator_is_named_by_its_row_and_name(ready_filing):
    before = snapshot.take(ready_filing)
    indicator = ready_filing.indicators.filter(sheet=None).order_by("period", "order").first()
    old_name = indicator.name
    indicator.name = "便民服务办结率"
    indicator.save()
    changes = snapshot.diff(before, snapshot.take(ready_filing))
    assert [(c.column, c.old, c.new) for c in changes] == [("三级指标", old_name, "便民服务办结率")]
    assert f"行号 {indicator.order}「便民服务办结率」" in changes[0].row


def test_a_row_added_is_one_change_with_its_summary(ready_filing):
    before = snapshot.take(ready_filing)
    task = ready_filing.key_tasks.order_by("-order").first()
    task.pk = None
    task.order += 1
    task.item = "新增事项"
    task.save()
    (change,) = snapshot.diff(before, snapshot.take(ready_filing))
    assert change.kind == "added" and "新增事项" in change.new
