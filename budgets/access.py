"""Who may see which filings: the one place that scopes filing querysets to a user.

Views, PDFs, exports and tests all go through these helpers; nothing filters filings ad hoc.
"""

from django.db.models import Q
from django.db.models.functions import Concat
from django.http import Http404

from . import lifecycle
from .models import Department, Filing, Membership


def membership_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def filings_visible_to(user):
    """The filings `user` may read, as one queryset: budgets.lifecycle.STATES says which states each
    district-wide role sees (a 审核人 never sees a draft's content); the own unit sees all of its
    own; imported history is readable across the district. Superusers see everything."""
    qs = Filing.objects.select_related("department", "department__district", "framework")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    m = membership_of(user)
    if m is None:
        return qs.none()
    own = Q(department_id=m.department_id) & Q(status__in=lifecycle.statuses_viewable_by(lifecycle.UNIT))
    role = lifecycle.role_in_district(m)
    if role is None:
        return qs.filter(own)
    district = Q(department__district=m.department.district_id) & (
        Q(status__in=lifecycle.statuses_viewable_by(role)) | Q(origin=Filing.Origin.IMPORTED))
    return qs.filter(own | district)


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


def find_filing(department_term, year, version=None, form_no=None):
    """The latest (or the given) version of one form of a department's year, for the commands:
    the 部门整体 packet unless a 表号 is given (the packet is 0 when made here; 项目支出 forms 1, 2, …)."""
    try:
        department = find_department(department_term)
    except (Department.DoesNotExist, Department.MultipleObjectsReturned) as e:
        raise FilingNotFound(str(e)) from None
    filings = Filing.objects.filter(department=department, year=year).order_by("-version")
    if form_no is None:  # the packet; a unit without one (only project forms) has its 表号 0 read
        packets = filings.filter(kind=Filing.Kind.OVERALL)
        filings = packets if packets.exists() else filings.filter(form_no=0)
    else:
        filings = filings.filter(form_no=form_no)
    if version:
        filings = filings.filter(version=version)
    filing = filings.first()
    if filing is None:
        which = f"第{version}版" if version else ""
        form = "部门整体支出绩效目标申报" if form_no is None else f"表号为{form_no}的申报"
        others = sorted(set(Filing.objects.filter(department=department, year=year).values_list("form_no", flat=True)))
        hint = f"（该年度已有的表号：{'、'.join(map(str, others))}，可用 --form-no 指定）" if others else ""
        raise FilingNotFound(f"{department.name} 没有 {year} 年{which}的{form}{hint}")
    return filing
