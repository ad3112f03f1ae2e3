"""What a save writes: every row the user changed, nothing else, and an audit event naming only what changed."""

from django.urls import reverse

from budgets.models import AuditEntry, Filing, Indicator, ProjectSheet

from .helpers import flat, page_fields, post_step


def grid_url(filing):
    return reverse("entry:step_indicators", args=[filing.pk])


def test_the_same_column_changed_on_two_rows_is_saved_on_both(signed_in, seed_filing):
    response = post_step(signed_in, grid_url(seed_filing), {"ind-0-remark": "甲", "ind-1-remark": "乙"})
    assert response.status_code == 302
    remarks = Indicator.objects.filter(filing=seed_filing, sheet=None).order_by("order").values_list("remark", flat=True)
    assert list(remarks[:2]) == ["甲", "乙"]
    # 指标值（数值） comes back from the database as 2.400000 and was not changed by posting 2.4.
    data = AuditEntry.objects.get(action="filing.saved").data
    assert (data["step"], data["changed"]) == ("indicators", ["备注"])
    # Each changed cell with its old and new value, for the history page.
    assert data["changes"] == [{"where": "产出数量 · 辖区内居民", "field": "备注", "old": "", "new": "甲"},
                               {"where": "产出质量 · 保证正常运转", "field": "备注", "old": "", "new": "乙"}]


def test_a_grid_posted_back_unchanged_writes_nothing_and_leaves_other_tabs_current(signed_in, seed_filing):
    other_tab = flat(page_fields(signed_in, grid_url(seed_filing)))
    before = Filing.objects.get(pk=seed_filing.pk).revision
    assert post_step(signed_in, grid_url(seed_filing)).status_code == 302
    assert Filing.objects.get(pk=seed_filing.pk).revision == before
    assert not AuditEntry.objects.filter(action="filing.saved").exists()
    # The tab opened before that save is still current: nothing was saved in between.
    response = signed_in.post(grid_url(seed_filing), {**other_tab, "ind-0-name": "辖区居民", "action": "save"})
    assert response.status_code == 302
    assert Indicator.objects.filter(filing=seed_filing, sheet=None).order_by("order").first().name == "辖区居民"


def test_a_refused_grid_shows_every_row_as_typed_with_its_findings_and_saves_nothing(signed_in, seed_filing):
    rows = list(Indicator.objects.filter(filing=seed_filing, sheet=None).order_by("order"))
    response = post_step(signed_in, grid_url(seed_filing), {"ind-0-order": "第一", "ind-1-name": "改过的名称"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "本页有未通过检查的内容，尚未保存" in html and "行号应为0到9999之间的整数" in html
    assert "改过的名称" in html and all(f'id="ind-{r.pk}"' in html for r in rows)
    assert 'class="row-finding' in html  # the saved filing's findings stay on their rows
    assert Indicator.objects.get(pk=rows[1].pk).name == rows[1].name


def test_what_a_row_holds_in_columns_its_layout_does_not_show_is_kept(signed_in, seed_filing):
    # 湖南2021 shows 一级·二级·三级·指标值·备注; this row came with a 权重 and a 指标解释 (say, copied from
    # a filing in a fuller layout).
    row = Indicator.objects.filter(filing=seed_filing, sheet=None).order_by("order").first()
    Indicator.objects.filter(pk=row.pk).update(weight=10, explanation="按户籍统计")
    grid = signed_in.get(grid_url(seed_filing)).content.decode()
    assert "按户籍统计" not in grid
    assert post_step(signed_in, grid_url(seed_filing), {"ind-0-remark": "改过"}).status_code == 302
    row.refresh_from_db()
    assert (row.remark, row.weight, row.explanation) == ("改过", 10, "按户籍统计")
    assert AuditEntry.objects.get(action="filing.saved").data["changed"] == ["备注"]


def test_save_and_next_or_back_go_to_the_neighbouring_steps_through_the_sheets(signed_in, seed_filing):
    sheets = list(ProjectSheet.objects.filter(sub_item__filing=seed_filing).order_by("order"))
    step = reverse("entry:step_sheet", args=[seed_filing.pk, sheets[0].pk])
    assert post_step(signed_in, grid_url(seed_filing), action="next")["Location"] == reverse(
        "entry:step_lines", args=[seed_filing.pk])
    assert post_step(signed_in, step, action="next")["Location"] == reverse(
        "entry:step_sheet", args=[seed_filing.pk, sheets[1].pk])
    assert post_step(signed_in, step, action="prev")["Location"] == reverse("entry:step_lines", args=[seed_filing.pk])
    last = reverse("entry:step_sheet", args=[seed_filing.pk, sheets[-1].pk])
    assert post_step(signed_in, last, action="next")["Location"] == reverse("entry:step_sheets", args=[seed_filing.pk])
