"""送审 to 批复 at the service level, as clerk_a and reviewer live it (one stage and two)."""

import pytest
from django.core import mail

from approvals import services
from approvals.models import Comment, Notification, Revision
from budgets.models import AuditEntry, Filing, ReviewStage
from budgets.validation import validate_filing

from .conftest import decide, submit, warnings_of


def test_a_filing_with_errors_cannot_be_submitted_and_the_errors_are_listed(seed_filing, clerk_a):
    with pytest.raises(services.SubmitRefused) as refused:
        services.submit(clerk_a, seed_filing.pk, seen=seed_filing.revision)
    assert "须改正后才能送审" in str(refused.value)
    assert len(refused.value.errors) == sum(1 for f in validate_filing(seed_filing) if f.severity == "error")
    seed_filing.refresh_from_db()
    assert seed_filing.status == Filing.Status.DRAFT and not Revision.objects.exists()


def test_each_warning_must_be_acknowledged_before_submitting(ready_filing, clerk_a):
    keys = warnings_of(ready_filing)
    assert len(keys) > 1
    with pytest.raises(services.SubmitRefused, match="还有 1 个警告未逐条确认"):
        services.submit(clerk_a, ready_filing.pk, seen=ready_filing.revision, acknowledged=keys[1:])
    revision = services.submit(clerk_a, ready_filing.pk, seen=ready_filing.revision, acknowledged=keys)
    assert sorted(revision.acknowledged) == sorted(keys)


def test_submitting_freezes_the_filing_as_a_revision_and_tells_the_reviewers(ready_filing, clerk_a, reviewer):
    revision = submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.SUBMITTED and ready_filing.stage == 1
    assert revision.number == 1 and "绩效指标" in revision.tables and "社区人员经费" in revision.html
    assert ready_filing.editable_by(clerk_a) == (False, "这份申报已送审，不能修改。如需修改，可在区财政局开始审核前撤回。")


def test_notifications_and_mail_go_out_after_commit(ready_filing, clerk_a, reviewer, django_capture_on_commit_callbacks):
    reviewer.email = "reviewer@czj.local"
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(clerk_a, ready_filing)
    assert Notification.objects.filter(user=reviewer, text__contains="已送审").count() == 1
    assert mail.outbox[0].to == ["reviewer@czj.local"] and "已送审" in mail.outbox[0].subject


def test_withdraw_until_the_reviewer_opens_it(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    services.withdraw(clerk_a, ready_filing.pk, seen=ready_filing.revision)
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.DRAFT
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    services.claim(reviewer, ready_filing.pk, seen=ready_filing.revision)
    ready_filing.refresh_from_db()
    with pytest.raises(services.ActionRefused, match="已开始审核"):
        services.withdraw(clerk_a, ready_filing.pk, seen=ready_filing.revision)


def test_return_with_a_comment_then_resubmit_then_approve(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    services.add_comment(reviewer, ready_filing.pk, target="indicator:附件1:annual:1", target_label="附件1 指标第1行",
                         text="请写明计量单位")
    review = decide(reviewer, ready_filing, "C")
    ready_filing.refresh_from_db()
    assert review.action == "return" and ready_filing.status == Filing.Status.RETURNED
    assert ready_filing.editable_by(clerk_a) == (True, "")
    comment = Comment.objects.get()
    services.mark_addressed(clerk_a, comment.pk, reply="已补充")
    second = submit(clerk_a, ready_filing)
    assert second.number == 2
    ready_filing.refresh_from_db()
    assert ready_filing.stage == 1  # 打回 (the district default) comes straight back to the returning stage
    decide(reviewer, ready_filing, "B")
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.APPROVED and ready_filing.get_status_display() == "已批复"
    assert ready_filing.editable_by(clerk_a)[0] is False


def test_a_return_or_rejection_needs_reason_and_suggestion(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    with pytest.raises(services.ActionRefused, match="须填写理由和修改建议"):
        services.decide(reviewer, ready_filing.pk, seen=ready_filing.revision, grade="D", dimensions={}, reason="x")


def test_grade_poor_is_not_approved(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "D")
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.REJECTED and ready_filing.get_status_display() == "不予通过"


def test_a_two_stage_chain_with_separation_of_duties(ready_filing, clerk_a, reviewer, django_user_model, finance_bureau):
    from budgets.roles import Role, set_role

    ReviewStage.objects.create(district=finance_bureau.district, order=1, name="业务股")
    ReviewStage.objects.create(district=finance_bureau.district, order=2, name="绩效股")
    second = django_user_model.objects.create_user("reviewer2", password="pw-reviewer2")
    set_role(second, finance_bureau, Role.REVIEWER)
    submit(clerk_a, ready_filing)
    review = decide(reviewer, ready_filing, "A")
    ready_filing.refresh_from_db()
    assert (ready_filing.status, ready_filing.stage, review.stage_name) == (Filing.Status.SUBMITTED, 2, "业务股")
    with pytest.raises(services.ActionRefused, match="同一人不能审核两个环节"):
        decide(reviewer, ready_filing, "A")
    decide(second, ready_filing, "A")
    ready_filing.refresh_from_db()
    assert ready_filing.status == Filing.Status.APPROVED


def test_a_stage_undoes_its_decision_until_the_next_stage_acts(ready_filing, clerk_a, reviewer, django_user_model,
                                                               finance_bureau):
    from budgets.roles import Role, set_role

    ReviewStage.objects.create(district=finance_bureau.district, order=1, name="业务股")
    ReviewStage.objects.create(district=finance_bureau.district, order=2, name="绩效股")
    second = django_user_model.objects.create_user("reviewer2", password="pw-reviewer2")
    set_role(second, finance_bureau, Role.REVIEWER)
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "A")
    ready_filing.refresh_from_db()
    services.undo(reviewer, ready_filing.pk, seen=ready_filing.revision)
    ready_filing.refresh_from_db()
    assert (ready_filing.status, ready_filing.stage) == (Filing.Status.SUBMITTED, 1)
    decide(reviewer, ready_filing, "A")
    ready_filing.refresh_from_db()
    services.claim(second, ready_filing.pk, seen=ready_filing.revision)
    ready_filing.refresh_from_db()
    with pytest.raises(services.ActionRefused, match="不能再取消审核"):
        services.undo(reviewer, ready_filing.pk, seen=ready_filing.revision)


def test_a_restart_return_goes_through_the_chain_again(ready_filing, clerk_a, reviewer, django_user_model, finance_bureau):

    district = finance_bureau.district
    district.one_reviewer_many_stages = True
    district.save()
    ReviewStage.objects.create(district=district, order=1, name="业务股")
    ReviewStage.objects.create(district=district, order=2, name="绩效股")
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "A")
    decide(reviewer, ready_filing, "C", return_mode="restart")
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    assert ready_filing.stage == 1


def test_findings_become_draft_comments_accepted_or_dismissed(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    drafts = services.draft_comments_from_findings(reviewer, ready_filing.pk)
    assert len(drafts) == len(warnings_of(ready_filing)) and all(c.state == "draft" for c in drafts)
    assert services.draft_comments_from_findings(reviewer, ready_filing.pk) == []  # once per round
    services.settle_draft(reviewer, drafts[0].pk, accept=True, text="请拆成两行")
    services.settle_draft(reviewer, drafts[1].pk, accept=False)
    assert Comment.objects.get(pk=drafts[0].pk).text == "请拆成两行"
    assert AuditEntry.objects.filter(action="comment.dismissed").count() == 1
    assert drafts[0].anchor.startswith("ind-") and drafts[0].step == "indicators"


def test_a_stale_page_applies_nothing_and_says_who_acted(ready_filing, clerk_a, reviewer):
    seen = ready_filing.revision
    submit(clerk_a, ready_filing)
    with pytest.raises(services.StaleAction, match="clerk_a .* 送审"):
        services.submit(clerk_a, ready_filing.pk, seen=seen, acknowledged=warnings_of(ready_filing))
    assert Revision.objects.count() == 1


def test_a_revision_is_immutable(ready_filing, clerk_a):
    revision = submit(clerk_a, ready_filing)
    revision.html = "changed"
    with pytest.raises(Exception, match="不可修改"):
        revision.save()


def test_the_next_year_can_start_from_the_approved_filing(ready_filing, clerk_a, reviewer):
    from budgets.entry.services import bases_for

    assert ready_filing not in bases_for(ready_filing.department)
    submit(clerk_a, ready_filing)
    decide(reviewer, ready_filing, "A")
    assert [f.pk for f in bases_for(ready_filing.department)] == [ready_filing.pk]


def test_good_may_carry_the_reviewer_s_minor_corrections_logged_old_to_new(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    old = Filing.objects.get(pk=ready_filing.pk).overall_goal
    with pytest.raises(services.ActionRefused, match="只有评为「良」"):
        decide(reviewer, ready_filing, "A", corrections=[("field:overall_goal", "overall_goal", "改后的目标")])
    with pytest.raises(services.ActionRefused, match="不能由审核人直接修改"):
        decide(reviewer, ready_filing, "B", corrections=[("field:overall_goal", "total_amount", "1")])
    review = decide(reviewer, ready_filing, "B", corrections=[("field:overall_goal", "overall_goal", "改后的目标")])
    assert Filing.objects.get(pk=ready_filing.pk).overall_goal == "改后的目标"
    entry = AuditEntry.objects.get(action="filing.corrected")
    assert entry.data["changes"][0]["old"] == old and entry.data["changes"][0]["new"] == "改后的目标"
    assert review.corrections[0]["field"] == "年度总体目标"
    ready_filing.refresh_from_db()
    services.undo(reviewer, ready_filing.pk, seen=ready_filing.revision)  # the corrections go with the decision
    assert Filing.objects.get(pk=ready_filing.pk).overall_goal == old


def test_approval_settles_the_comments_still_open(ready_filing, clerk_a, reviewer):
    submit(clerk_a, ready_filing)
    services.add_comment(reviewer, ready_filing.pk, target="filing", target_label="整份申报", text="格式请统一")
    decide(reviewer, ready_filing, "A")
    assert list(Comment.objects.values_list("state", flat=True)) == ["resolved"]


def test_a_reviewer_assigns_the_filing_to_a_colleague_who_alone_decides_it(ready_filing, clerk_a, reviewer, clerk_b,
                                                                          django_user_model, finance_bureau):
    from budgets.roles import Role, set_role

    colleague = django_user_model.objects.create_user("reviewer2", password="pw-reviewer2")
    set_role(colleague, finance_bureau, Role.REVIEWER)
    submit(clerk_a, ready_filing)
    ready_filing.refresh_from_db()
    with pytest.raises(services.ActionRefused, match="只能分配给本区财政局的审核人"):
        services.assign(reviewer, ready_filing.pk, seen=ready_filing.revision, to=clerk_b)
    services.assign(reviewer, ready_filing.pk, seen=ready_filing.revision, to=colleague)
    ready_filing.refresh_from_db()
    assert ready_filing.assignee == colleague
    with pytest.raises(services.ActionRefused, match="本环节由 reviewer2 审核"):
        decide(reviewer, ready_filing, "A")
    decide(colleague, ready_filing, "A")
    assert AuditEntry.objects.filter(action="filing.assigned", data__to="reviewer2").exists()
