"""Each filing's findings and progress, kept between pages (budgets.models.FilingCheck).

Running the rules means reading the whole filing, and every step page shows the state of every step
in its progress bar; 我的填报 shows the progress of every filing. So a result is kept together with
what it was computed from: the filing's revision (every save moves it on) and rules_key, a digest of
everything else the rules read. An unchanged filing is not checked again; a changed one, or one whose
district settings, framework, layout or rules changed, is checked when it is next shown.
"""

import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

from budgets.models import FilingCheck
from budgets.packet import packets_of
from indicators.validation.findings import Finding

from .steps import progress, steps_for

ROOT = Path(__file__).resolve().parent.parent.parent
# The code whose results are kept: a new version of the rules or of the steps checks every filing again.
CODE = ["indicators", "budgets/validation.py", "budgets/packet.py", "budgets/entry/steps.py", "budgets/entry/status.py"]


@cache
def code_digest():
    digest = hashlib.sha256()
    for name in CODE:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _fields(obj):
    return [(f.attname, getattr(obj, f.attname)) for f in obj._meta.concrete_fields] if obj is not None else None


def rules_key(checker, filing):
    """A digest of what the rules read besides the filing's own rows: the district's settings, the
    framework and its 一级/二级, the layout, the code. `filing` is read with load_filing()'s relations."""
    settings = checker.settings_for(filing)
    parts = [
        code_digest(),
        repr(replace(settings, severities=sorted(settings.severities.items()))),
        _fields(filing.framework),
        _fields(filing.layout),
        [(_fields(l2), _fields(l2.level1)) for l2 in checker.tree_for(filing)],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def findings_of(checker, packet):
    """The filing's findings, errors first: the kept ones while still valid, else the rules' (then kept)."""
    filing = packet.filing
    key = rules_key(checker, filing)
    kept = FilingCheck.objects.filter(filing=filing, revision=filing.revision, rules_key=key).first()
    if kept is not None:
        return [Finding.from_dict(f) for f in kept.findings]
    findings = checker.check_packet(packet)
    _keep([(packet, key, findings)])
    return findings


def progress_of(checker, filings):
    """{filing pk: (steps complete, steps)} for filings read with load_filing()'s relations, in a
    fixed number of queries however many there are: kept results where valid, the others checked
    together (their packets read at once) and kept."""
    filings = list(filings)
    checker.read_trees(filings)  # a department's filings of several years may use several frameworks
    # Filings of one district, framework and layout share their key: worked out once per group
    # (the dashboard shows a district's drafts at once).
    by_group = {}
    keys = {}
    for f in filings:
        group = (f.department.district_id, f.framework_id, f.layout_id)
        if group not in by_group:
            by_group[group] = rules_key(checker, f)
        keys[f.pk] = by_group[group]
    kept = {c.filing_id: c for c in FilingCheck.objects.filter(filing__in=filings).defer("findings")}
    out, stale = {}, []
    for filing in filings:
        c = kept.get(filing.pk)
        if c is not None and (c.revision, c.rules_key) == (filing.revision, keys[filing.pk]):
            out[filing.pk] = (c.done, c.total)
        else:
            stale.append(filing)
    out.update(_keep([(p, keys[p.filing.pk], checker.check_packet(p)) for p in packets_of(stale)]))
    return out


def _keep(results):
    """Store [(packet, rules_key, findings)] in one query, replacing what was kept before; returns
    {filing pk: (steps complete, steps)}."""
    rows = []
    for packet, key, findings in results:
        done, total = progress(steps_for(packet, findings))
        rows.append(FilingCheck(filing=packet.filing, revision=packet.filing.revision, rules_key=key,
                                findings=[f.to_dict() for f in findings], done=done, total=total))
    if rows:
        FilingCheck.objects.bulk_create(rows, update_conflicts=True, unique_fields=["filing"],
                                        update_fields=["revision", "rules_key", "findings", "done", "total",
                                                       "checked_at"])
    return {row.filing_id: (row.done, row.total) for row in rows}
