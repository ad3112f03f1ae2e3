"""Two districts with full data, for the walks that check one cannot reach the other.

District A is the cast of tests/conftest.py (石峰区: admin_user, reviewer, clerk_a, clerk_b, the seed
filing). District B (荷塘区) gets the same kinds of things: its own 管理员, 审核人 and 填报人, a filing
from the seed packet and a draft amendment, an import batch, audit entries, validation settings with
an override, and a user that B's 管理员 created through the admin add page and has given no role yet.

Every B row is created after the id sequences are moved far up (model i starts at 1,000,000 +
i·10,000), so a B primary key in a page cannot be a coincidence: any 7-digit number of B's in a
response is B's row being offered.
"""

import hashlib
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from budgets.audit import log_action
from budgets.models import Department, Filing, ImportBatch, RuleOverride, ValidationSettings
from budgets.roles import Role, set_role
from budgets.services.packets import create_filing_from_packet
from indicators.validation.catalog import rule_choices

B_ID_BASE = 1_000_000
B_ID_STEP = 10_000
NOT_SNAPSHOT = {Session}  # logging in writes sessions; nothing else may change


def auto_pk_models():
    return [m for m in sorted(apps.get_models(), key=lambda m: m._meta.label)
            if isinstance(m._meta.pk, models.AutoField)]  # BigAutoField/SmallAutoField subclass it


def move_id_sequences_up():
    """Make the next id of model i be B_ID_BASE + i·B_ID_STEP (inside the test's transaction on SQLite)."""
    with connection.cursor() as cursor:
        for i, model in enumerate(auto_pk_models()):
            table, column = model._meta.db_table, model._meta.pk.column
            start = B_ID_BASE + i * B_ID_STEP
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start - 1])
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, column, start - 1])
            else:  # pragma: no cover - the project runs on these two
                raise NotImplementedError(connection.vendor)


def reset_id_sequences():
    """PostgreSQL sequences ignore rollbacks: put each back just above its rows below B_ID_BASE.

    Without this the second walk of a session would get A rows in B's id range (and collide);
    the rest of the suite gets its ids back where they were.
    """
    if connection.vendor != "postgresql":
        return  # SQLite keeps sqlite_sequence in the test's transaction: rolled back with it
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in auto_pk_models():
            table, column = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"COALESCE((SELECT MAX({quote(column)}) FROM {quote(table)} WHERE {quote(column)} < %s), 0) + 1, false)",
                [table, column, B_ID_BASE])


@pytest.fixture(autouse=True)
def _ids_below_b(request):
    if "world" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("db")
    reset_id_sequences()
    yield
    reset_id_sequences()


def all_pks():
    return {m: set(m._default_manager.values_list("pk", flat=True)) for m in apps.get_models() if m not in NOT_SNAPSHOT}


def snapshot():
    """Per model: row count and a hash of every row's values, to tell whether anything changed."""
    state = {}
    for model in apps.get_models():
        if model in NOT_SNAPSHOT:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)).encode())
        state[model._meta.label] = (len(rows), digest.hexdigest())
    return state


def snapshot_diff(before, after):
    return sorted(label for label in before if before[label] != after[label])


@dataclass
class World:
    a: dict
    b: dict
    b_pks: dict  # model → set of primary keys of district B's rows
    markers: dict = field(default_factory=dict)  # marker → "app.Model pk=… field"

    @property
    def b_ids(self):
        """Every B primary key, as text, for looking them up in pages."""
        return {str(pk) for pks in self.b_pks.values() for pk in pks}

    def b_of(self, model):
        return sorted(self.b_pks.get(model, ()))


def _make_user(django_user_model, username, department, role):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username)
    set_role(user, department, role)
    return user


def _trimmed(packet, version):
    # A small second filing: one indicator block and the line with children is enough.
    return {**packet, "version": version, "indicators": packet["indicators"][:3],
            "key_tasks": packet.get("key_tasks", [])[:1], "sub_items": packet["sub_items"][-1:]}


def _validation_settings(district, severity):
    settings = ValidationSettings.objects.create(district=district, vague_words="大概、左右", grade_words="优、良")
    RuleOverride.objects.create(settings=settings, code=rule_choices()[0][0], severity=severity)
    return settings


@pytest.fixture
def world(request, django_user_model, frameworks, seed_packet, seed_filing, admin_user, reviewer, clerk_a, clerk_b):
    # District A's extras; its filing gets a submitted amendment so its 审核人 has something to read.
    a_amendment = create_filing_from_packet(_trimmed(seed_packet, 2), department=seed_filing.department)
    Filing.objects.filter(pk=a_amendment.pk).update(status=Filing.Status.SUBMITTED, amended_from=seed_filing)
    a_batch = ImportBatch.objects.create(created_by=admin_user, filename="石峰区往年.xlsx", size=3,
                                         sha256="a" * 64, content=b"abc", summary={"counts": {"附件1": {"new": 1}}})
    log_action("filing.created", actor=admin_user, filing=seed_filing)
    a_settings = _validation_settings(seed_filing.department.district, "warning")

    move_id_sequences_up()
    before = all_pks()

    other_district = request.getfixturevalue("other_district")
    other_finance_bureau = request.getfixturevalue("other_finance_bureau")
    other_reviewer = request.getfixturevalue("other_reviewer")
    b_street = Department.objects.create(district=other_district, code="yuetang", name="月塘街道办事处",
                                         kind="street", order=2)
    other_admin = _make_user(django_user_model, "other_admin", other_finance_bureau, Role.ADMIN)
    other_clerk = _make_user(django_user_model, "other_clerk", b_street, Role.FILER)
    b_filing = create_filing_from_packet(seed_packet, department=b_street)
    Filing.objects.filter(pk=b_filing.pk).update(status=Filing.Status.SUBMITTED)
    b_draft = create_filing_from_packet(_trimmed(seed_packet, 2), department=b_street)
    Filing.objects.filter(pk=b_draft.pk).update(amended_from=b_filing)
    # And an empty one: a row moved into it clashes with no 行号 (the write walk needs that).
    b_empty = create_filing_from_packet({**_trimmed(seed_packet, 3), "indicators": [], "key_tasks": [],
                                         "sub_items": []}, department=b_street)
    b_batch = ImportBatch.objects.create(created_by=other_admin, filename="荷塘区往年.xlsx", size=5,
                                         sha256="b" * 64, content=b"hetang",
                                         summary={"counts": {"ZQXB9001": {"new": 2}}})
    log_action("filing.created", actor=other_admin, filing=b_filing, note="ZQXB9002")
    log_action("filing.imported", actor=other_admin, filing=b_draft)
    b_settings = _validation_settings(other_district, "error")

    # B's 管理员 creates an account in the admin and has not given it a role yet.
    b_client = Client()
    b_client.force_login(other_admin)
    response = b_client.post(reverse("admin:auth_user_add"), {
        "username": "hetang_new", "usable_password": "true", "password1": "Hetang-new-2026!", "password2": "Hetang-new-2026!",
    })
    assert response.status_code == 302, "B's 管理员 could not create a user through the admin"
    fresh = django_user_model.objects.get(username="hetang_new")
    assert LogEntry.objects.filter(user=other_admin, object_id=str(fresh.pk)).exists()

    after = all_pks()
    b_pks = {m: after[m] - before.get(m, set()) for m in after}
    b_pks = {m: pks for m, pks in b_pks.items() if pks}
    world = World(
        a={"admin": admin_user, "reviewer": reviewer, "clerk": clerk_a, "clerk_b": clerk_b, "filing": seed_filing,
           "amendment": a_amendment, "batch": a_batch, "settings": a_settings},
        b={"district": other_district, "admin": other_admin, "reviewer": other_reviewer, "clerk": other_clerk,
           "street": b_street, "filing": b_filing, "draft": b_draft, "empty": b_empty, "batch": b_batch, "settings": b_settings,
           "fresh_user": fresh},
        b_pks=b_pks,
    )
    world.markers.update({"ZQXB9001": "budgets.ImportBatch summary (JSON)", "ZQXB9002": "approvals.AuditEntry data (JSON)"})
    return world


# Text that points at other rows, or that Django parses: planting a marker there would break the
# page rather than test it.
NOT_PLANTED = {("admin.LogEntry", "object_id"), ("auth.User", "password")}


def _text_fields(model):
    for f in model._meta.concrete_fields:
        if (isinstance(f, (models.CharField, models.TextField)) and not f.primary_key and not f.choices
                and (model._meta.label, f.name) not in NOT_PLANTED):
            yield f


@pytest.fixture
def planted(world):
    """A unique marker (ZQXB1000, ZQXB1001, …) at the start of every text field of every B row.

    Written with update() so no save() logic runs (the audit log refuses changes, by design).
    """
    n = 1000
    for model, pks in world.b_pks.items():
        fields = list(_text_fields(model))
        if not fields:
            continue
        for pk in sorted(pks):
            obj = model._default_manager.get(pk=pk)
            values = {}
            for f in fields:
                marker = f"ZQXB{n}"
                n += 1
                old = getattr(obj, f.attname) or ""
                sep = "-" if isinstance(f, models.SlugField) or f.name == "username" else " "
                value = marker + sep + old
                values[f.attname] = value[: f.max_length] if f.max_length else value
                world.markers[marker] = f"{model._meta.label} pk={pk} {f.name}"
            # The base manager: the audit log's own manager refuses updates, as it should.
            model._base_manager.filter(pk=pk).update(**values)
    return world
