"""Planning of 绩效指标, a batch of rows at a time (a mixin of plan.Planner).

绩效指标 holds most of a workbook's rows (150,000 of 172,000 in the benchmark), so its rows are
never held: each batch is typed, checked, compared with the stored rows and, on a real import,
written (writer.indicators) before the next is read. What is kept across batches is small per row:
the natural key of every row seen (duplicates, and which stored rows the file no longer has) and, of
the stored rows, their id and a fingerprint of their values (unchanged rows are neither rebuilt nor
written).
"""

import hashlib
from decimal import Decimal

from budgets.layouts import tier_matcher
from budgets.models import Indicator
from indicators.values import parse_value

from .format import INDICATORS
from .plan_types import INDICATOR_FIELDS, chunks, filing_key

# The stored row's columns in INDICATOR_FIELDS order, after its key.
_STORED = ("pk", "filing_id", "sheet_id", "period", "order", *INDICATOR_FIELDS)
# The Indicator fields a row's cells give as they are (the tier names are matched, see below).
_FROM_FILE = [f for f in INDICATOR_FIELDS if f not in ("level2_id", "level1_name", "level2_name")] + ["period", "order"]


def fingerprint(values):
    """A digest of a row's INDICATOR_FIELDS: equal exactly when plan_types.changed() finds nothing.

    Numbers compare by value (95 and 95.000000 are one 指标值（数值）), as Decimal == does. 16 bytes of
    BLAKE2b, so a stored row costs a few dozen bytes however long its texts.
    """
    parts = [v.normalize() if isinstance(v, Decimal) else v for v in values]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


class IndicatorsPlanner:
    def indicator_index(self):
        """Of the stored indicators of the filings the file names: natural key → (id, fingerprint).

        Read before anything is written, so that a preview and its import count alike (rows a deleted
        附件3 takes with it are counted as deleted either way).
        """
        self.indicator_rows = {}
        self.indicators_seen = set()  # natural keys of the file's rows (valid or not)
        self.filing_key_objects = {key: key for key in self.filing_rows}
        self.indicator_matchers = {}  # framework id → TierMatcher, loaded once per framework
        self.indicator_tiers = {}  # (framework id, 一级, 二级) → Level2 id or None
        key_of, line_of = {}, {}
        for key in self.filing_rows:
            old = self.plan.existing_filings.get(key)
            if old is not None:
                key_of[old.pk] = key
                line_of.update({(old.pk, sheet_id): order for sheet_id, order in self.plan_lines_of(old)})
        index = self.indicator_rows
        for id_chunk in chunks(key_of):
            stored = Indicator.objects.filter(filing_id__in=id_chunk).values_list(*_STORED)
            for pk, filing_id, sheet_id, period, order, *values in stored.iterator(chunk_size=5000):
                line = line_of.get((filing_id, sheet_id)) if sheet_id is not None else None
                index[(key_of[filing_id], line, period, order)] = (pk, fingerprint(values))

    def indicators(self, writer=None):
        """Plan (and, given a writer, write) every 绩效指标 row; then the stored rows the file lacks."""
        for batch in self.parsed.stream(INDICATORS):
            creates, updates = self._indicator_batch(batch)
            if writer is not None and not self.parsed.problem_count:
                # Rows are written as they are read; a problem found later rolls the whole import back.
                writer.indicators(creates, updates)
        gone = []
        for row_key, (pk, _) in self.indicator_rows.items():
            if row_key not in self.indicators_seen and row_key[0] in self.filing_rows:
                gone.append(pk)
                self.plan.touch(row_key[0], INDICATORS)
        self.plan.count(INDICATORS, "deleted", len(gone))
        self.plan.indicators.deletes = gone

    def _indicator_batch(self, rows):
        creates, updates = [], []
        seen, stored = self.indicators_seen, self.indicator_rows
        for row in rows:
            v = row.values
            if row.failed:
                try:  # a row in the file, with an error: its stored row is neither kept nor deleted
                    seen.add((filing_key(v), v["line_order"], v["period"], v["order"]))
                except KeyError:  # a key cell itself had the error
                    pass
                continue
            key = self._filing_of(row)
            if key is None:
                continue
            key = self.filing_key_objects.setdefault(key, key)  # one tuple per filing in the seen keys
            row_key = (key, v["line_order"], v["period"], v["order"])
            if row_key in seen:
                self.error(row, "行号", "行号在同一张表、同一期间中重复")
                continue
            seen.add(row_key)
            if v["line_order"] is not None and v["line_order"] not in self.sheet_lines.get(key, ()):
                self.error(row, "所属支出方向行号", f"支出方向第{v['line_order']}行没有附件3（或该行有错误）")
                continue
            values = self._indicator_values(key, v)
            old = stored.get(row_key)
            if old is None:
                creates.append((key, v["line_order"], values))
                self.plan.count(INDICATORS, "new")
                self.plan.touch(key, INDICATORS)
            elif fingerprint([values[f] for f in INDICATOR_FIELDS]) != old[1]:
                updates.append((old[0], values))
                self.plan.count(INDICATORS, "updated")
                self.plan.touch(key, INDICATORS)
            else:
                self.plan.count(INDICATORS, "unchanged")
        return creates, updates

    def _indicator_values(self, key, v):
        """The row's Indicator fields: the printed tier names linked to the framework, 指标值 read."""
        # The printed names are kept; a name the framework does not know is imported unlinked, and
        # validation warns about it (R05_TIER_UNMATCHED). Matched once per framework and pair of names.
        tiers = (self.framework_of[key], v["level1"], v["level2"])
        level2_id = self.indicator_tiers.get(tiers, False)
        if level2_id is False:
            matcher = self.indicator_matchers.get(tiers[0])
            if matcher is None:
                matcher = self.indicator_matchers[tiers[0]] = tier_matcher(tiers[0])
            level2 = matcher.match(v["level1"], v["level2"])
            level2_id = self.indicator_tiers[tiers] = level2.pk if level2 else None
        values = {f: v[f] for f in _FROM_FILE}
        values |= {"level2_id": level2_id, "level1_name": v["level1"], "level2_name": v["level2"]}
        if not values["operator"] and values["value_number"] is None and not values["unit"]:
            # Read from the 指标值 text, except what the layout has a column of its own for:
            # left blank there, it stays blank.
            layout = self.layout_of[key]
            parsed = parse_value(values["value_text"])
            values["value_number"] = parsed.number
            if not layout.has_column("operator"):
                values["operator"] = parsed.operator
            if not layout.has_column("unit"):
                values["unit"] = parsed.unit
        return values
