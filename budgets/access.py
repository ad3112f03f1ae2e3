"""Who may see which filings: the one place that scopes filing querysets to a user.

Views, PDFs, exports and tests all go through these helpers; nothing filters filings ad hoc.
"""

from django.db.models import Q
from django.db.models.functions import Concat
from django.http import Http404

from .models import Department, Filing, Membership


def membership_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def filings_visible_to(user):
    """Superusers: everything. 管理员: their district. 审核人: their district's filings that have left
    draft (submitted, returned, approved) and imported history. 填报人: their own department's."""
    qs = Filing.objects.select_related("department", "department__district", "framework")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    m = membership_of(user)
    if m is None:
        return qs.none()
    if m.role == Membership.Role.ADMIN:
        return qs.filter(department__district=m.department.district_id)
    if m.is_reviewer:
        return qs.filter(department__district=m.department.district_id).filter(
            ~Q(status=Filing.Status.DRAFT) | Q(origin=Filing.Origin.IMPORTED)
        )
    return qs.filter(department_id=m.department_id)


def can_view_filing(user, filing):
    """(allowed, reason) — the reason is shown to the user as is."""
    if filings_visible_to(user).filter(pk=filing.pk).exists():
        return True, ""
    return False, "您没有查看该单位绩效目标的权限。"


def get_filing_for_user(user, pk):
    """404 rather than 403 for filings outside the user's scope: do not reveal that they exist."""
    try:
        return filings_visible_to(user).get(pk=pk)
    except Filing.DoesNotExist:
        raise Http404("未找到该申报，或您无权查看。") from None


def find_department(term):
    """A department by code (any case), name, the full name printed on forms (石峰区井龙街道办事处),
    or an unambiguous part of its name."""
    term = (term or "").strip()
    departments = Department.objects.annotate(full=Concat("district__short_name", "name"))
    for q in (Q(code__iexact=term), Q(name=term), Q(full=term)):
        found = list(departments.filter(q)[:2])
        if len(found) == 1:
            return found[0]
    found = list(Department.objects.filter(name__contains=term)[:2])
    if len(found) == 1:
        return found[0]
    if not found:
        raise Department.DoesNotExist(f"没有找到部门「{term}」（可用部门编码或名称）")
    raise Department.MultipleObjectsReturned(f"「{term}」匹配多个部门，请用部门编码")


class FilingNotFound(LookupError):
    """Raised with a message fit to show the user as is."""


def find_filing(department_term, year, version=None):
    """The latest (or the given) version of a department's filing for a year, for the commands."""
    try:
        department = find_department(department_term)
    except (Department.DoesNotExist, Department.MultipleObjectsReturned) as e:
        raise FilingNotFound(str(e)) from None
    filings = Filing.objects.filter(department=department, year=year).order_by("-version")
    if version:
        filings = filings.filter(version=version)
    filing = filings.first()
    if filing is None:
        which = f"第{version}版" if version else ""
        raise FilingNotFound(f"{department.name} 没有 {year} 年{which}的申报")
    return filing
