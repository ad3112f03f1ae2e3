"""The workflow as its users meet it in the browser's requests: clerk_a on the 检查 step, reviewer
on the 审核工作台 and the review page."""

from django.urls import reverse

from approvals.models import Comment, Notification
from budgets.models import Filing

from .conftest import decide, submit, warnings_of


def check_page(client, filing):
    return client.get(reverse("entry:step_check", args=[filing.pk])).content.decode()


def test_the_check_step_offers_submit_only_without_errors(client, clerk_a, seed_filing):
    client.force_login(clerk_a)
    page = check_page(client, seed_filing)
    assert "须改正后才能送审" in page and 'data-testid="submit-button"' not in page


def test_clerk_submits_from_the_check_step_acknowledging_each_warning(client, clerk_a, ready_filing):
    client.force_login(clerk_a)
    page = check_page(client, ready_filing)
    assert page.count('name="ack"') == len(warnings_of(ready_filing))
    url = reverse("filing_submit", args=[ready_filing.pk])
    refused = client.post(url, {"seen": ready_filing.revision, "ack": warnings_of(ready_filing)[1:]}, follow=True)
    assert "未逐条确认" in refused.content.decode()
    done = client.post(url, {"seen": ready_filing.revision, "ack": warnings_of(ready_filing)}, follow=True)
    assert "已送审，请等待区财政局审核" in done.content.decode()
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.SUBMITTED
    assert "等待区财政局审核" in client.get("/").content.decode()  # 我的填报 says what is asked


def test_a_double_click_on_submit_makes_one_revision(client, clerk_a, ready_filing):
    client.force_login(clerk_a)
    data = {"seen": ready_filing.revision, "ack": warnings_of(ready_filing)}
    client.post(reverse("filing_submit", args=[ready_filing.pk]), data)
    second = client.post(reverse("filing_submit", args=[ready_filing.pk]), data, follow=True)
    assert "本次操作未执行" in second.content.decode()
    assert ready_filing.revisions.count() == 1


def test_reviewer_home_is_the_queue_with_counts(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get("/", follow=True).content.decode()
    assert "审核工作台" in page and ready_filing.department_name in page
    assert 'data-testid="count-pending">1<' in page
    assert 'data-testid="count-approved">0<' in page


def test_the_review_page_shows_the_submitted_filing_and_a_refused_decision_keeps_its_input(client, clerk_a, reviewer,
                                                                                           ready_filing):
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get(reverse("filing_review", args=[ready_filing.pk])).content.decode()
    assert "社区人员经费及运转经费" in page and "审核表" in page
    ready_filing.refresh_from_db()
    response = client.post(reverse("filing_decide", args=[ready_filing.pk]), {
        "seen": ready_filing.revision, "grade": "C", "completeness_grade": "B", "completeness_note": "基本完整",
        "relevance_grade": "B", "appropriateness_grade": "C", "feasibility_grade": "B", "reason": "指标值缺单位"})
    text = response.content.decode()
    assert response.status_code == 200 and "退回或不予通过时须填写修改建议" in text
    assert "基本完整" in text and "指标值缺单位" in text
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.SUBMITTED


def test_a_comment_on_an_indicator_shows_on_its_wizard_step(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    review_page = client.get(reverse("filing_review", args=[ready_filing.pk])).content.decode()
    target = next(t for t in ("indicator:附件1:annual:1", "indicator:附件1:implementation:1") if t in review_page)
    client.post(reverse("filing_comment", args=[ready_filing.pk]),
                {"target": target, "text": "请写明计量单位", "verdict": "fix", "visibility": "unit"})
    client.post(reverse("filing_comment", args=[ready_filing.pk]),
                {"target": "filing", "text": "内部：金额再核", "verdict": "fix", "visibility": "internal"})
    decide(reviewer, ready_filing, "C")
    client.force_login(clerk_a)
    step = client.get(reverse("entry:step_indicators", args=[ready_filing.pk])).content.decode()
    comment = Comment.objects.get(text="请写明计量单位")
    assert "请写明计量单位" in step and f'data-comment-anchor="{comment.anchor}"' in step
    assert comment.anchor.startswith("ind-") and f'id="{comment.anchor}"' in step
    assert "内部：金额再核" not in step
    assert "内部：金额再核" not in client.get(reverse("filing_review", args=[ready_filing.pk])).content.decode()
    client.post(reverse("comment_act", args=[comment.pk, "addressed"]), {"reply": "已补充"})
    comment.refresh_from_db()
    assert comment.state == "addressed"


def test_the_second_round_marks_what_changed(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "C")
    Filing.objects.filter(pk=ready_filing.pk).update(overall_goal="新的年度总体目标")
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get(reverse("filing_review", args=[ready_filing.pk])).content.decode()
    assert "与第1轮相比的改动：1 处" in page and "新的年度总体目标" in page
    side = client.get(reverse("filing_review", args=[ready_filing.pk]) + "?view=side").content.decode()
    assert side.count('class="revision-html"') == 2


def test_the_history_page_reads_in_words(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "A")
    client.force_login(clerk_a)
    page = client.get(reverse("filing_history", args=[ready_filing.pk])).content.decode()
    assert "送审" in page and "审核通过" in page and "评级：优" in page and "filing.submitted" not in page


def test_the_unit_is_notified_and_sees_the_unread_count(client, clerk_a, reviewer, ready_filing,
                                                         django_capture_on_commit_callbacks):
    submit(clerk_a, ready_filing)
    with django_capture_on_commit_callbacks(execute=True):
        decide(reviewer, ready_filing, "B")
    client.force_login(clerk_a)
    page = client.get("/").content.decode()
    assert 'data-testid="unread">1<' in page
    assert "已批复" in client.get(reverse("notifications")).content.decode()
    client.post(reverse("notifications_read"))
    assert not Notification.objects.filter(user=clerk_a, read_at=None).exists()


def test_reviewer_approves_with_good_and_corrects_a_wording_on_the_page(client, clerk_a, reviewer, ready_filing):
    submit(clerk_a, ready_filing)
    client.force_login(reviewer)
    page = client.get(reverse("filing_review", args=[ready_filing.pk])).content.decode()
    assert 'name="fix1_target"' in page and "field:overall_goal" in page
    ready_filing.refresh_from_db()
    form = {"seen": ready_filing.revision, "grade": "B", "fix1_target": "field:overall_goal",
            "fix1_field": "overall_goal", "fix1_text": "审核人改过的目标"}
    form.update({f"{d}_grade": "B" for d in ("completeness", "relevance", "appropriateness", "feasibility")})
    done = client.post(reverse("filing_decide", args=[ready_filing.pk]), form, follow=True).content.decode()
    assert "已提交审核结论：已批复" in done and "审核人改过的目标" in done
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.APPROVED and ready_filing.overall_goal == "审核人改过的目标"


def test_ready_to_submit_the_warnings_are_listed_once_beside_their_boxes(client, clerk_a, ready_filing):
    client.force_login(clerk_a)
    page = check_page(client, ready_filing)
    warnings = len(warnings_of(ready_filing))
    assert page.count('name="ack"') == warnings
    assert page.count("finding-warning") == 0 and f"{warnings} 个警告列在下方「送审」处" in page


def test_opening_a_notification_marks_it_read_and_goes_to_the_filing(client, clerk_a, reviewer, ready_filing,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(clerk_a, ready_filing)
    note = Notification.objects.get(user=reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("filing_review", args=[ready_filing.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(clerk_a)
    assert client.get(reverse("notification_open", args=[note.pk])).status_code == 404  # someone else's
