"""The review loop in a real browser, as new users meet it: clerk_a mends the seed filing through the
wizard and sends it (送审); reviewer returns it with a comment on one indicator; clerk_a finds the
comment at that indicator, fixes it and sends it again; reviewer sees what changed and approves.

Screenshots of every screen at 1366 px and 390 px are kept in tests/e2e/artifacts/review-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from approvals import services
from approvals.models import Comment, Revision
from budgets.models import Filing, Indicator
from tests.approvals.conftest import decide, mend_errors, submit

from .conftest import screenshot
from .test_browse_filing import log_in

# What an office types for the seed's flagged 指标值 (R06: no 指标性质, or 「万」 without a unit):
# a cost is a ceiling, everything else a floor.
MENDED = {"2.4万": "≥2.4万人"}


def mended(value, level2):
    if value in MENDED:
        return MENDED[value]
    if level2 == "产出成本":
        return "≤" + (value if value.endswith(("元", "元/人")) else value + "元")
    return "≥" + value


@pytest.fixture
def people(transactional_db, seed_filing, cast):
    return seed_filing


class Dialogs:
    """Every confirm() the pages ask, answered 确定 (Playwright would otherwise dismiss them), or
    取消 once after decline_next()."""

    def __init__(self, page):
        self.asked, self.declining = [], False
        page.on("dialog", self.answer)

    def answer(self, dialog):
        self.asked.append(dialog.message)
        if self.declining:
            self.declining = False
            dialog.dismiss()
        else:
            dialog.accept()

    def decline_next(self):
        self.declining = True


@pytest.fixture
def dialogs(page):
    return Dialogs(page)


@pytest.fixture
def violations(page):
    """What Chromium reports against the Content-Security-Policy, and script errors."""
    found = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: found.append(f"page error: {exc}"))
    return found


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_selector("input[name=username]")


def double_click(page, button):
    """Two clicks as a hand makes them: the second while the first one's request is on its way.
    (Playwright's dblclick() is so fast that Chromium folds the two submissions into one by itself.)"""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(60)
    page.mouse.click(x, y)


def both_widths(page, name):
    screenshot(page, f"review-{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"review-{name}-390")
    page.set_viewport_size({"width": 1366, "height": 900})


def error_places(page):
    """The 检查 step's error links grouped by step page: {step url: [row anchor, …]}."""
    places = {}
    for link in page.locator("[data-testid=check-findings] li.finding-error a").all():
        url, _, anchor = link.get_attribute("href").partition("#")
        places.setdefault(url, []).append(anchor)
    return places


def mend_errors_in_the_wizard(page, live_server):
    """Each step with errors opened from 检查, every flagged 指标值 retyped, the step saved."""
    for _ in range(3):
        places = error_places(page)
        if not places:
            return
        for url, anchors in places.items():
            page.goto(live_server.url + url)
            for anchor in dict.fromkeys(anchors):
                row = page.locator(f"#{anchor}")
                cell = row.locator(".cell-value_text textarea")
                level2 = row.locator(".cell-level2 select option:checked").inner_text().strip()
                cell.fill(mended(cell.input_value().strip(), level2))
            page.get_by_role("button", name="保存", exact=True).click()
            page.wait_for_selector("#step-form")
        page.locator("[data-step=check]").click()
        page.wait_for_selector("[data-testid=submit-panel]")
    raise AssertionError(f"errors left after three passes: {error_places(page)}")


def test_a_filing_goes_round_the_review_loop_in_the_browser(page, live_server, people, dialogs, violations):
    filing = people
    # 1. clerk_a opens the filing's 检查 step from 我的填报: 送审 is blocked by the errors.
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.get_by_role("link", name="继续填写").click()
    page.locator("[data-step=check]").click()
    page.wait_for_selector("[data-testid=submit-panel]")
    assert page.get_by_test_id("submit-blocked").is_visible()
    screenshot(page, "review-1-check-blocked")
    mend_errors_in_the_wizard(page, live_server)
    page.get_by_test_id("to-submit").click()
    assert not page.get_by_test_id("submit-blocked").is_visible()
    warnings = page.locator("[data-testid=warnings-to-acknowledge] input[name=ack]")
    assert warnings.count() > 10
    both_widths(page, "1-check-submit-panel")

    # 送审 without every warning ticked: the browser holds the form (each box is required).
    warnings.first.check()
    assert page.locator("[data-ack-progress]").inner_text().startswith(f"已确认 1 / {warnings.count()} 条警告")
    page.get_by_test_id("submit-button").click()
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.DRAFT
    for box in warnings.all():
        box.check()
    # 送审 asks first; 取消 sends nothing.
    dialogs.decline_next()
    page.get_by_test_id("submit-button").click()
    assert dialogs.asked[-1].startswith("送审后在区财政局开始审核前可以撤回")
    page.wait_for_timeout(300)
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.DRAFT
    # A double click on 送审 is one 送审: one revision, and the page says it was sent (not 「已有变动」).
    double_click(page, page.get_by_test_id("submit-button"))
    page.wait_for_selector("text=已送审，请等待区财政局审核")
    assert not page.get_by_text("本次操作未执行").is_visible()
    assert Revision.objects.filter(filing=filing).count() == 1
    assert page.get_by_test_id("status").inner_text() == "已送审"
    screenshot(page, "review-1-submitted")
    log_out(page)

    # 2. reviewer finds it on 审核工作台, lists the findings as drafts, accepts one, comments on one
    #    indicator and returns the filing (中).
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.get_by_role("link", name="审核工作台").click()
    page.get_by_test_id("queue").get_by_role("link", name=filing.department_name).click()
    page.wait_for_selector("[data-testid=decision]")
    page.get_by_test_id("from-findings").click()
    drafts = page.get_by_test_id("draft")
    drafts.first.wait_for()
    drafts_before = drafts.count()
    assert drafts_before > 10
    assert page.get_by_test_id("from-findings").count() == 0  # listed once a round
    draft = drafts.filter(has_text="R11_BUDGET_AS_VALUE").first
    draft.get_by_role("textbox").fill("产出成本不要写预算金额，请改写为单位成本或成本控制率。")
    draft.get_by_test_id("accept-draft").click()
    accepted = page.get_by_test_id("comments").get_by_test_id("comment")
    accepted.first.wait_for()
    assert "产出成本不要写预算金额" in accepted.first.inner_text()
    assert drafts.count() == drafts_before - 1

    target = page.get_by_test_id("comment-target")
    label = next(o for o in target.locator("option").all_inner_texts() if "居民生活便利" in o)
    target.select_option(label=label)
    page.get_by_test_id("comment-text").fill("「居民生活便利」请写明怎样计量（如便民服务办结率）。")
    page.get_by_test_id("add-comment").click()
    page.wait_for_selector("text=已添加审核意见")
    both_widths(page, "2-review-page")

    for dimension in ("完整性", "相关性", "适当性", "可行性"):
        page.get_by_label(dimension, exact=True).select_option(label="中")
    page.get_by_test_id("grade").select_option(label="中")
    page.get_by_label("理由").fill("部分指标不可考核。")
    page.get_by_label("修改建议").fill("按审核意见修改指标后再送审。")
    page.get_by_test_id("decide").click()
    page.wait_for_selector("text=已提交审核结论：已退回")
    assert "提交审核结论？" in dialogs.asked
    log_out(page)

    # 3. clerk_a is told, finds the comment at that indicator, fixes it, marks it 已处理, sends again.
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    assert page.get_by_test_id("unread").inner_text() == "1"
    page.get_by_test_id("notifications").click()
    both_widths(page, "3-notifications")
    # The notification opens the 检查 step: why it came back, and every comment linking to its row.
    page.get_by_test_id("notification-list").get_by_role("link").first.click()
    reason = page.get_by_test_id("return-reason")
    assert "按审核意见修改指标后再送审" in reason.inner_text()
    both_widths(page, "3-check-after-return")
    # The review page reads the same to the unit, without the reviewer's unused drafts.
    page.get_by_test_id("submit-panel").get_by_role("link", name="查看审核情况").click()
    page.wait_for_selector("[data-testid=reviews]")
    assert "部分指标不可考核" in page.get_by_test_id("reviews").inner_text()
    assert page.get_by_test_id("comments").get_by_test_id("comment").count() == 2
    assert page.get_by_test_id("draft").count() == 0 and page.get_by_test_id("decision").count() == 0
    both_widths(page, "3-unit-reads-the-return")
    comment = Comment.objects.get(text__startswith="「居民生活便利」")
    page.get_by_role("link", name="我的填报").click()
    page.get_by_role("link", name="按意见修改").click()
    # The wizard opens at its first step; the comments there point to the steps they concern.
    page.get_by_test_id("comments-elsewhere").get_by_role("link", name=re.compile("居民生活便利")).click()
    page.get_by_test_id("step-comments").get_by_role("link", name=re.compile("居民生活便利")).wait_for()
    assert page.locator("[data-step=indicators]").get_by_test_id("step-has-comments").is_visible()
    row = page.locator(f"#{comment.anchor}")
    row.wait_for()
    assert row.get_by_test_id("comment-marker").is_visible()
    assert "has-review-comment" in row.get_attribute("class")
    both_widths(page, "3-wizard-step-with-comments")
    row.locator(".cell-name textarea").fill("便民服务办结率")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_selector("text=已保存")
    box = page.locator(f"#comment-{comment.pk}")
    box.get_by_label("处理说明").fill("已改为便民服务办结率")
    box.get_by_role("button", name="已处理").click()
    page.wait_for_selector(f"#comment-{comment.pk} >> text=已处理")
    page.locator("[data-step=check]").click()
    for box in page.locator("[data-testid=warnings-to-acknowledge] input[name=ack]").all():
        box.check()
    page.get_by_test_id("submit-button").click()
    page.wait_for_selector("text=已送审（第2轮）")
    log_out(page)

    # 4. reviewer sees the change marked and approves (良).
    log_in(page, live_server, "reviewer", "pw-reviewer")
    page.get_by_role("link", name="审核工作台").click()
    page.get_by_test_id("queue").get_by_role("link", name=filing.department_name).click()
    changes = page.get_by_test_id("changes")
    assert "与第1轮相比的改动" in changes.inner_text()
    assert changes.locator("table ins").get_by_text("便民服务办结率").is_visible()
    both_widths(page, "4-review-round-2")
    # On a phone the changes read as a list, old → new without scrolling sideways; the page's
    # parts are a tap away from its top.
    page.set_viewport_size({"width": 390, "height": 844})
    assert changes.get_by_test_id("changes-list").locator("ins").get_by_text("便民服务办结率").is_visible()
    page.get_by_test_id("review-jump").get_by_role("link", name="审核表").click()
    assert page.get_by_test_id("grade").is_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_test_id("side-by-side").click()
    page.wait_for_selector(".side-by-side")
    both_widths(page, "4-side-by-side")
    page.get_by_role("link", name="只看本轮").click()
    page.wait_for_selector("[data-testid=revision-html]")
    for dimension in ("完整性", "相关性", "适当性", "可行性"):
        page.get_by_label(dimension, exact=True).select_option(label="良")
    page.get_by_test_id("grade").select_option(label="良")
    page.get_by_test_id("decide").click()
    page.wait_for_selector("text=已提交审核结论：已批复")
    page.get_by_role("link", name="操作历史").first.click()
    page.wait_for_selector("[data-testid=history]")
    both_widths(page, "4-history")
    log_out(page)

    # 5. clerk_a reads 已批复 and can no longer edit; next year's filing can start from 2021.
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    mine = page.get_by_test_id("my-filings")
    assert "已批复" in mine.inner_text()
    assert mine.get_by_role("link", name="继续填写").count() == 0
    page.goto(live_server.url + f"/entry/{filing.pk}/")
    screenshot(page, "review-5-approved-step")
    assert page.get_by_test_id("read-only").is_visible()
    assert page.get_by_role("button", name="保存", exact=True).count() == 0
    assert page.get_by_test_id("step-comments").count() == 0  # the comments are the record now
    page.goto(live_server.url + "/")
    page.get_by_test_id("new-filing").click()
    page.get_by_label("预算年度").fill("2022")
    assert page.get_by_text("以2021年为基础").is_visible()
    screenshot(page, "review-5-new-filing")
    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED
    assert Indicator.objects.filter(filing=filing, name="便民服务办结率").exists()
    assert violations == []


@pytest.fixture
def returned(transactional_db, seed_filing, cast):
    """The seed filing sent, then returned by reviewer with one comment on a 附件1 indicator."""
    filing = mend_errors(seed_filing)
    submit(cast["clerk_a"], filing)
    row = Indicator.objects.filter(filing=filing, sheet=None, name="居民生活便利").get()
    target = f"indicator:附件1:{row.period}:{row.order}"
    services.add_comment(cast["reviewer"], filing.pk, target=target, target_label="附件1 第6行：居民生活便利",
                         text="请写明怎样计量", step="indicators", anchor=f"ind-{row.pk}")
    decide(cast["reviewer"], filing, "C")
    return filing


def test_staying_on_a_changed_step_leaves_the_comment_button_usable(page, live_server, returned):
    """已处理 clicked with unsaved grid input: the wizard asks 「离开此网站？」; staying must not leave
    the once-only button dead."""
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(live_server.url + f"/entry/{returned.pk}/indicators/")
    comment = Comment.objects.get(text="请写明怎样计量")
    row = page.locator(f"#{comment.anchor}")
    marker = row.get_by_test_id("comment-marker")
    assert marker.is_visible() and marker.get_attribute("title") == "请写明怎样计量"
    row.locator(".cell-name textarea").fill("便民服务办结率")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()
    page.on("dialog", stay)
    done = page.locator(f"#comment-{comment.pk}").get_by_role("button", name="已处理")
    done.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert done.is_disabled()  # a second click now would be the double click the form guards against
    expect(done).to_be_enabled(timeout=15000)
    page.remove_listener("dialog", stay)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_selector("text=已保存")
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name="已处理").click()
    page.wait_for_selector(f"#comment-{comment.pk} >> text=已处理")
    comment.refresh_from_db()
    assert comment.state == Comment.State.ADDRESSED
