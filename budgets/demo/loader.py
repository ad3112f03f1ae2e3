"""The demo district: 株洲市石峰区, its street offices and bureaus, one user per role, the 2021 seed."""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from budgets.models import Department, District, Filing
from budgets.roles import Role, set_role
from budgets.services.packets import create_filing_from_packet
from indicators.frameworks import sync_library

SEED_PACKET = Path(__file__).with_name("jinglong-2021.json")

DISTRICT = {"code": "430204", "name": "株洲市石峰区", "short_name": "石峰区"}
DEPARTMENTS = [
    ("shifeng-czj", "石峰区财政局", Department.Kind.FINANCE),
    ("jinglong", "井龙街道办事处", Department.Kind.STREET),
    ("xiangshiling", "响石岭街道办事处", Department.Kind.STREET),
    ("qingshuitang", "清水塘街道办事处", Department.Kind.STREET),
    ("tianxin", "田心街道办事处", Department.Kind.STREET),
    ("tongtangwan", "铜塘湾街道办事处", Department.Kind.STREET),
    ("longtoupu", "龙头铺街道办事处", Department.Kind.STREET),
    ("shifeng-jyj", "石峰区教育局", Department.Kind.DEPARTMENT),
    ("shifeng-cgj", "石峰区城市管理和综合执法局", Department.Kind.DEPARTMENT),
]
USERS = [
    ("jinglong", "jinglong", Role.FILER, "井龙街道 填报人"),
    ("xiangshiling", "xiangshiling", Role.FILER, "响石岭街道 填报人"),
    ("reviewer", "shifeng-czj", Role.REVIEWER, "区财政局 审核人"),
    ("admin", "shifeng-czj", Role.ADMIN, "管理员"),
]


def _password_file():
    return Path(settings.VAR_DIR) / "demo-passwords.json"


def _passwords():
    """DEMO_PASSWORD for everyone if set; otherwise one generated password per user, generated once
    and kept in var/ so that a second `make run` prints the same logins and changes nothing."""
    fixed = os.environ.get("DEMO_PASSWORD")
    if fixed:
        return {username: fixed for username, *_ in USERS}
    path = _password_file()
    stored = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for username, *_ in USERS:
        if username not in stored:
            stored[username] = secrets.token_urlsafe(9)
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored, indent=1))
        path.chmod(0o600)
    return stored


@transaction.atomic
def load_demo(out=print):
    sync_library()
    district, _ = District.objects.update_or_create(code=DISTRICT["code"], defaults=DISTRICT)
    departments = {}
    for order, (code, name, kind) in enumerate(DEPARTMENTS, start=1):
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults={"district": district, "name": name, "kind": kind, "order": order}
        )

    passwords = _passwords()
    User = get_user_model()
    logins = []
    for username, dept_code, role, label in USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(passwords[username]):
            user.set_password(passwords[username])
            user.save()
        set_role(user, departments[dept_code], role)
        logins.append((username, passwords[username], label))

    packet = json.loads(SEED_PACKET.read_text(encoding="utf-8"))
    exists = Filing.objects.filter(department=departments["jinglong"], year=packet["year"], version=1).exists()
    if exists:
        out("示例申报已存在（2021年 井龙街道办事处），未改动。")
    else:
        create_filing_from_packet(packet, department=departments["jinglong"])
        out("已载入示例申报：2021年 石峰区井龙街道办事处（1482.9万元，附件3共5张，指标56行）。")
    return logins
