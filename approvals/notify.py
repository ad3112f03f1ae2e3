"""Notifications of the review workflow: an in-app list (Notification) and e-mail through Django's
mail backend (console in development, SMTP per settings in production). Called after commit only:
a rolled-back action tells nobody."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from budgets.models import Membership

from .models import Notification

logger = logging.getLogger(__name__)


def _reviewers(district_id):
    return get_user_model().objects.filter(
        is_active=True, membership__role=Membership.Role.REVIEWER, membership__department__kind="finance",
        membership__department__district_id=district_id)


def _filers(department_id):
    return get_user_model().objects.filter(is_active=True, membership__role=Membership.Role.FILER,
                                           membership__department_id=department_id)


def send(users, filing, text, url):
    users = list(users)
    Notification.objects.bulk_create([Notification(user=u, filing=filing, text=text[:300], url=url) for u in users])
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    mails = [(f"【绩效目标】{text}"[:200], f"{text}\n\n{site}{url}\n", None, [u.email]) for u in users if u.email]
    if mails:
        try:
            send_mass_mail(mails, fail_silently=False)
        except Exception:  # the action stands; an unreachable mail server must not undo it
            logger.exception("notification mail failed for filing %s", filing.pk)


def submitted(filing, revision):
    again = f"（第{revision.number}轮）" if revision.number > 1 else ""
    send(_reviewers(filing.department.district_id), filing,
         f"{filing} 已送审{again}，等待审核", reverse("filing_review", args=[filing.pk]))


def decided(filing, review):
    url = reverse("entry:step_check", args=[filing.pk]) if filing.status == "returned" else reverse(
        "filing_detail", args=[filing.pk])
    if filing.status == "submitted":  # approved at a middle stage: the next stage's turn
        send(_reviewers(filing.department.district_id), filing,
             f"{filing} 已通过第{review.stage}环节审核，等待下一环节审核", reverse("filing_review", args=[filing.pk]))
        return
    words = {"approved": "已批复", "returned": "被退回修改", "rejected": "不予通过"}[filing.status]
    send(_filers(filing.department_id), filing, f"{filing} {words}（评级：{review.get_grade_display()}）", url)


def assigned(filing, to, by):
    send([to], filing, f"{by.get_username()} 把 {filing} 分配给您审核", reverse("filing_review", args=[filing.pk]))
