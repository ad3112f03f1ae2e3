"""The write walk: district A's 管理员 posts every admin form with a B row slipped into one relation.

Every add and change form of the registry is fetched as A's 管理员 and posted back as a browser
would (tests/security/forms.py), first unchanged (it must save: the form is really valid), then once
per relation field (select, raw-id box, autocomplete; inline rows too) with a B row's id of the
right model. A superuser's identical post must save (so the B id is otherwise acceptable: not a
duplicate, not a mismatch); A's must be refused and leave every table as it was.

Shared data (指标体系, 一级/二级指标, groups) and B's brand-new accounts are not A's either.
"""

from contextlib import contextmanager

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.forms import ModelChoiceField
from django.test import Client
from django.urls import reverse

from budgets.models import Filing, Indicator

from .conftest import snapshot, snapshot_diff
from .forms import extract_form_fields
from .scan import admin_request

# Values an empty add form needs where a generic filler would break a rule of the model.
ADD_VALUES = {"budgets.Filing": {"year": "2030"}}
GENERIC = {"IntegerField": "97", "DecimalField": "1", "DateField": "2026-01-01"}


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="pw-root")


@pytest.fixture
def clients(client, world, root, django_user_model):
    # An account of A's with no role yet, so the Membership add form has someone to give a role to.
    django_user_model.objects.create_user("shifeng_new", password="x")
    client.force_login(world.a["admin"])
    superuser = Client()
    superuser.force_login(root)
    return client, superuser


def saved(response, url):
    return response is not None and response.status_code == 302 and response["Location"].split("?")[0] not in (
        url, reverse("admin:index"), reverse("admin:login"))


def refusal(response):
    """What a refused save looks like: the form again with an error, 403/404, or the admin's
    "no such object" redirect to its index. None if the response is none of these."""
    if response is None:
        return None
    if response.status_code == 200 and ('class="errornote"' in response.content.decode()
                                        or 'class="errorlist' in response.content.decode()):
        return "form shown again with an error"
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code == 302 and response["Location"] == reverse("admin:index"):
        return "redirected to the admin index"
    return None


def post(client, url, data):
    try:
        return client.post(url, data)
    except Exception as exc:  # a 500 in production
        return f"500 ({type(exc).__name__}: {exc})"


def _errors(response):
    if isinstance(response, str) or response is None:
        return response
    if response.status_code != 200:
        return f"{response.status_code} {response.get('Location', '')}"
    forms = [response.context["adminform"].form] + [
        f for ia in response.context.get("inline_admin_formsets", []) for f in ia.formset.forms]
    errors = [dict(f.errors) for f in forms if f.errors]
    non_form = [e for ia in response.context.get("inline_admin_formsets", []) for e in ia.formset.non_form_errors()]
    return f"{errors} {non_form}"


def _unique_first(model, field_name, pks):
    """For a one-to-one (or unique) relation, rows nobody points at yet first."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return list(pks)
    if not getattr(field, "unique", False) or field.primary_key:
        return list(pks)
    taken = set(model._default_manager.values_list(field.attname, flat=True))
    return [pk for pk in pks if pk not in taken] + [pk for pk in pks if pk in taken]


def relation_fields(response, world):
    """(html name, form model, field name, target model) for each relation whose target has B rows.

    An inline row's hidden id is left out: Django looks it up in the inline's own rows only and
    ignores any other id, so it cannot reach B (and the parent saves as usual).
    """
    form = response.context["adminform"].form
    forms = [form] + [ia.formset.forms[0] for ia in response.context.get("inline_admin_formsets", [])
                      if ia.formset.forms]
    out = []
    for f in forms:
        for name, field in f.fields.items():
            if f is not form and name == f._meta.model._meta.pk.name:
                continue
            if isinstance(field, ModelChoiceField) and field.queryset.model in world.b_pks:
                out.append((f.add_prefix(name), f._meta.model, name, field.queryset.model))
    return out


def fill_add_form(response, data, world):
    """Give an empty add form what it requires, with A's rows for its relations."""
    form = response.context["adminform"].form
    label = form._meta.model._meta.label
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if not field.required or [v for v in data.get(key, []) if v]:
            continue
        if name in ADD_VALUES.get(label, {}):
            data[key] = [ADD_VALUES[label][name]]
        elif isinstance(field, ModelChoiceField):
            b = world.b_pks.get(field.queryset.model, set())
            a = [pk for pk in field.queryset.order_by("pk").values_list("pk", flat=True) if pk not in b]
            a = _unique_first(form._meta.model, name, a)
            data[key] = [str(a[0])] if a else [""]
        elif hasattr(field, "choices"):
            data[key] = [str(v) for v, _ in field.choices if v not in ("", None)][:1]
        else:
            data[key] = [GENERIC.get(type(field).__name__) or "walkcheck"]
    for key in ADD_VALUES.get(label, {}):
        data.setdefault(key, [ADD_VALUES[label][key]])


def admin_forms(world):
    """(label, url) of every add form and one change form (of an A row) per registered model."""
    request = admin_request(world.a["admin"])
    pages = []
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_add_permission(request):
            pages.append((f"{model._meta.label} add", reverse(f"{info}_add")))
        b = world.b_pks.get(model, set())
        for obj in model_admin.get_queryset(request).order_by("pk"):
            if obj.pk not in b and model_admin.has_change_permission(request, obj):
                pages.append((f"{model._meta.label} #{obj.pk}", reverse(f"{info}_change", args=[obj.pk])))
                break
    return pages


def test_district_admin_cannot_save_any_form_pointing_at_another_districts_rows(clients, world):
    a_client, superuser = clients
    problems, untestable, tried = [], [], 0
    for label, url in admin_forms(world):
        page = a_client.get(url)
        if page.status_code != 200 or "adminform" not in (page.context or {}):
            continue
        targets = relation_fields(page, world)
        if not targets:
            continue
        model_name = page.context["adminform"].form._meta.model._meta.model_name
        base = extract_form_fields(page.content.decode(), form_id=f"{model_name}_form")
        if url.endswith("/add/"):
            fill_add_form(page, base, world)
        with rolled_back():
            control = post(a_client, url, base)
        if not saved(control, url):
            with rolled_back():
                by_superuser = post(superuser, url, base)
            if saved(by_superuser, url):
                problems.append(f"{label}: the unchanged form does not save for A's 管理员: {_errors(control)}")
            else:
                untestable.append(f"{label}: the unchanged form does not save, not even for a superuser: "
                                  f"{_errors(control)}")
            continue
        for key, form_model, name, target in targets:
            if key not in base:
                continue  # shown read-only
            attack, last = None, None
            for pk in _unique_first(form_model, name, world.b_of(target))[:4]:
                data = {**base, key: [str(pk)]}
                with rolled_back():
                    last = post(superuser, url, data)
                    if saved(last, url):
                        attack = data, pk
                        break
            if attack is None:
                untestable.append(f"{label} {key}: no B {target._meta.label} a superuser could save here either "
                                  f"({_errors(last)})")
                continue
            tried += 1
            data, pk = attack
            with rolled_back():
                before = snapshot()
                response = post(a_client, url, data)
                changed = snapshot_diff(before, snapshot())
            what = f"{label} {key}={target._meta.label}#{pk} (B)"
            if saved(response, url) or changed:
                problems.append(f"{what}: SAVED, changed {changed}")
            elif refusal(response) is None:
                problems.append(f"{what}: not saved but no refusal shown: {_errors(response)}")
    print(f"\nwrite walk: {tried} relation fields posted with B rows; untestable: {len(untestable)}")
    for line in untestable + problems:
        print(line)
    assert tried >= 10  # the walk really posted forms
    assert not problems, "\n".join(problems)


def _attempt(a_client, superuser, url, form_id, change, needs=()):
    """Post `change`d form data as A's 管理员; a superuser's identical post must save (rolled back).
    Returns (response, tables changed)."""
    page = a_client.get(url)
    own = extract_form_fields(page.content.decode(), form_id=form_id) if page.status_code == 200 else {}
    # A view-only page (shared data) has the form but not the inputs `change` needs: take the
    # superuser's fields, so what is refused is the write itself, not a malformed post.
    editable = set(own) - {"csrfmiddlewaretoken"} and all(name in own for name in needs)
    data = own if editable else extract_form_fields(superuser.get(url).content.decode(), form_id=form_id)
    change(data)
    with rolled_back():
        assert saved(post(superuser, url, data), url), "the change itself should be valid"
    before = snapshot()
    response = post(a_client, url, data)
    return response, snapshot_diff(before, snapshot())


def _used_by_b(world, level):
    """The framework, 一级 or 二级 that B's filing prints."""
    indicator = Indicator.objects.filter(filing=world.b["filing"]).select_related("level2__level1__framework").first()
    return {"level2": indicator.level2, "level1": indicator.level2.level1,
            "framework": indicator.level2.level1.framework}[level]


@pytest.mark.parametrize("level", ["framework", "level1", "level2"])
def test_district_admin_cannot_rename_shared_indicator_categories(clients, world, level):
    a_client, superuser = clients
    obj = _used_by_b(world, level)
    url = reverse(f"admin:indicators_{level}_change", args=[obj.pk])

    def rename(data):
        data["name"] = ["石峰区改的名字"]

    response, changed = _attempt(a_client, superuser, url, f"{level}_form", rename, needs=["name"])
    assert not saved(response, url)
    assert refusal(response) is not None
    assert changed == []
    obj.refresh_from_db()
    assert obj.name != "石峰区改的名字"


def test_district_admin_cannot_change_the_permissions_of_a_role(clients, world):
    a_client, superuser = clients
    group = Group.objects.get(name="填报人")
    before = set(group.permissions.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[group.pk])

    def drop_one(data):
        data["permissions"] = sorted(data["permissions"])[1:]

    response, changed = _attempt(a_client, superuser, url, "group_form", drop_one)
    assert not saved(response, url)
    assert refusal(response) is not None
    assert changed == []
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_district_admin_cannot_reset_the_password_of_an_account_another_district_just_created(clients, world):
    a_client, superuser = clients
    fresh = world.b["fresh_user"]
    assert LogEntry.objects.filter(user=world.b["admin"], object_id=str(fresh.pk)).exists()
    url = reverse("admin:auth_user_password_change", args=[fresh.pk])

    def new_password(data):
        data.update(password1=["Shifeng-took-it-1!"], password2=["Shifeng-took-it-1!"], usable_password=["true"])

    response, changed = _attempt(a_client, superuser, url, "user_form", new_password)
    assert not saved(response, url)
    assert refusal(response) is not None
    assert changed == []
    fresh.refresh_from_db()
    assert fresh.check_password("Hetang-new-2026!")


def test_amended_from_cannot_point_at_another_districts_draft(clients, world):
    """The probe's case by name: 调整自 set to B's draft on A's own filing."""
    a_client, _ = clients
    filing = world.a["filing"]
    url = reverse("admin:budgets_filing_change", args=[filing.pk])
    data = extract_form_fields(a_client.get(url).content.decode(), form_id="filing_form")
    data["amended_from"] = [str(world.b["draft"].pk)]
    response = post(a_client, url, data)
    assert not saved(response, url)
    assert Filing.objects.get(pk=filing.pk).amended_from_id is None
