"""Batch actions on the 审核工作台 as reviewer uses them: tick filings, confirm, read each outcome."""

import pytest
from django.urls import reverse

from approvals.models import Review
from budgets.models import Filing
from budgets.services.packets import create_filing_from_packet

from .conftest import decide, mend_errors, submit

QUEUE = reverse("review_queue")
BATCH = reverse("review_batch")


@pytest.fixture
def two_submitted(ready_filing, seed_packet, xiangshiling, clerk_a, clerk_b):
    """井龙 and 响石岭 have each submitted their 2021 packet."""
    other = mend_errors(create_filing_from_packet(seed_packet, department=xiangshiling))
    Filing.objects.filter(pk=other.pk).update(department_name="石峰区响石岭街道办事处")
    submit(clerk_a, ready_filing)
    submit(clerk_b, other)
    for f in (ready_filing, other):
        f.refresh_from_db()
    return ready_filing, other


def ticked(*filings, action="approve", **extra):
    """What the queue posts for these ticked rows: each filing with the revision its row showed."""
    data = {"filing": [f.pk for f in filings], "action": action, "back": QUEUE, **extra}
    data.update({f"seen-{f.pk}": f.revision for f in filings})
    return data


def confirmed(*filings, **extra):
    return ticked(*filings, step="confirm", **extra)


def test_the_pending_tab_offers_a_checkbox_per_filing_with_the_revision_it_shows(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.get(QUEUE).content.decode()
    assert page.count('data-testid="batch-check"') == 2
    for f in two_submitted:
        assert f'name="seen-{f.pk}" value="{f.revision}"' in page
    assert 'data-testid="batch-check"' not in client.get(QUEUE, {"tab": "approved"}).content.decode()


def test_an_admin_sees_the_queue_without_batch_actions(client, admin_user, two_submitted):
    client.force_login(admin_user)
    assert 'data-testid="batch-check"' not in client.get(QUEUE).content.decode()


def test_the_confirmation_page_lists_the_chosen_filings_and_applies_nothing(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.post(BATCH, ticked(*two_submitted)).content.decode()
    assert "批量操作确认" in page and "井龙街道办事处" in page and "响石岭街道办事处" in page
    assert Review.objects.count() == 0
    assert all(Filing.objects.get(pk=f.pk).status == Filing.Status.SUBMITTED for f in two_submitted)


def test_approving_two_filings_with_grade_good_approves_each(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.post(BATCH, confirmed(*two_submitted, grade="B")).content.decode()
    assert "完成 2 份" in page and page.count("已审核通过") == 2
    for f in two_submitted:
        f.refresh_from_db()
        assert f.status == Filing.Status.APPROVED
        assert f.reviews.get().get_grade_display() == "良"


def test_approving_needs_grade_excellent_or_good(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.post(BATCH, confirmed(*two_submitted)).content.decode()
    assert "总体评级：批量审核通过须选择优或良" in page
    page = client.post(BATCH, confirmed(*two_submitted, grade="D")).content.decode()
    assert "总体评级：批量审核通过只能选优或良" in page
    assert Review.objects.count() == 0


def test_returning_needs_reason_and_suggestion_and_keeps_what_was_typed(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.post(BATCH, confirmed(*two_submitted, action="return", reason="指标值缺计量单位")).content.decode()
    assert "修改建议：退回时须填写" in page and "指标值缺计量单位" in page
    assert Review.objects.count() == 0
    page = client.post(BATCH, confirmed(*two_submitted, action="return", reason="指标值缺计量单位",
                                        suggestion="补充计量单位")).content.decode()
    assert "完成 2 份" in page
    for f in two_submitted:
        f.refresh_from_db()
        review = f.reviews.get()
        assert f.status == Filing.Status.RETURNED
        assert (review.get_grade_display(), review.reason, review.suggestion) == ("中", "指标值缺计量单位", "补充计量单位")


def test_a_filing_someone_acted_on_since_is_refused_and_the_others_go_through(client, reviewer, django_user_model,
                                                                               finance_bureau, two_submitted):
    from budgets.roles import Role, set_role

    colleague = django_user_model.objects.create_user(username="colleague")
    set_role(colleague, finance_bureau, Role.REVIEWER)
    first, second = two_submitted
    data = confirmed(first, second, grade="A")  # the queue as reviewer saw it
    decide(colleague, first, "C")  # meanwhile a colleague returns 井龙's
    client.force_login(reviewer)
    page = client.post(BATCH, data).content.decode()
    assert "完成 1 份，未执行 1 份" in page
    assert "本次操作未执行" in page and "colleague" in page  # says who acted
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Filing.Status.RETURNED and second.status == Filing.Status.APPROVED


def test_assigning_claims_each_filing_for_the_reviewer(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.post(BATCH, confirmed(*two_submitted, action="claim")).content.decode()
    assert "完成 2 份" in page and page.count("已开始审核") == 2
    assert {Filing.objects.get(pk=f.pk).assignee for f in two_submitted} == {reviewer}


def test_assigning_a_filing_another_reviewer_holds_is_refused(client, reviewer, django_user_model, finance_bureau,
                                                             two_submitted):
    from approvals import services
    from budgets.roles import Role, set_role

    colleague = django_user_model.objects.create_user(username="colleague")
    set_role(colleague, finance_bureau, Role.REVIEWER)
    first, second = two_submitted
    services.claim(colleague, first.pk, seen=first.revision)
    first.refresh_from_db()
    client.force_login(reviewer)
    page = client.post(BATCH, confirmed(first, second, action="claim")).content.decode()
    assert "这份申报本环节由 colleague 审核" in page and "完成 1 份，未执行 1 份" in page


def test_another_districts_filing_is_not_found_and_nothing_is_applied_to_it(client, other_reviewer, two_submitted):
    client.force_login(other_reviewer)
    page = client.post(BATCH, confirmed(*two_submitted, grade="A")).content.decode()
    assert page.count("未找到该申报，或您无权查看") == 2 and "井龙街道办事处" not in page
    assert Review.objects.count() == 0


def test_nothing_ticked_goes_back_to_the_queue_saying_so(client, reviewer, two_submitted):
    client.force_login(reviewer)
    page = client.post(BATCH, {"action": "approve", "back": QUEUE}, follow=True).content.decode()
    assert "请先勾选要批量处理的申报" in page and "审核工作台" in page


def test_a_clerk_may_not_use_batch_actions(client, clerk_a, two_submitted):
    client.force_login(clerk_a)
    assert client.post(BATCH, confirmed(*two_submitted, grade="A")).status_code == 403
    assert Review.objects.count() == 0


def test_a_double_submitted_confirmation_applies_once(client, reviewer, two_submitted):
    client.force_login(reviewer)
    data = confirmed(*two_submitted, grade="A")
    client.post(BATCH, data)
    again = client.post(BATCH, data).content.decode()
    assert "未执行 2 份" in again and again.count("本次操作未执行") == 2
    assert Review.objects.count() == 2


def test_days_waiting_count_from_the_submission_not_from_the_claim(client, reviewer, two_submitted):
    from datetime import timedelta

    from approvals.models import Revision

    first, second = two_submitted
    Revision.objects.filter(filing=first).update(created_at=first.status_changed - timedelta(days=5))
    client.force_login(reviewer)
    client.post(BATCH, confirmed(first, action="claim"))
    row = client.get(QUEUE).content.decode().split(f'name="seen-{first.pk}"')[1].split("</tr>")[0]
    assert "5 天" in row


def test_an_admin_may_not_post_batch_actions_either(client, admin_user, two_submitted):
    client.force_login(admin_user)
    assert client.post(BATCH, confirmed(*two_submitted, grade="A")).status_code == 403
    assert Review.objects.count() == 0


def test_batch_assign_hands_each_filing_to_the_chosen_reviewer(client, clerk_a, reviewer, ready_filing,
                                                               django_user_model, finance_bureau):
    from budgets.roles import Role, set_role

    colleague = django_user_model.objects.create_user("reviewer2", password="pw-reviewer2")
    set_role(colleague, finance_bureau, Role.REVIEWER)
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    client.force_login(reviewer)
    form = {"filing": [ready_filing.pk], f"seen-{ready_filing.pk}": ready_filing.revision, "action": "assign",
            "step": "confirm"}
    refused = client.post(reverse("review_batch"), form).content.decode()
    assert "分配给：请选择审核人。" in refused
    done = client.post(reverse("review_batch"), {**form, "assignee": colleague.pk}).content.decode()
    assert "已分配" in done
    ready_filing.refresh_from_db()
    assert ready_filing.assignee == colleague
