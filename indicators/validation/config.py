"""The settings one validation run uses (RuleSettings): from a district's row (budgets), or the defaults."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.values import DEFAULT_GRADES, DEFAULT_VAGUE_WORDS

from .catalog import RULES
from .findings import Severity

_WORD_SEPARATORS = re.compile(r"[、,，;；\s]+")


def split_words(text):
    return tuple(w for w in _WORD_SEPARATORS.split(text or "") if w)


@dataclass(frozen=True)
class RuleSettings:
    money_tolerance: Decimal = Decimal("0.005")
    cost_tolerance: Decimal = Decimal("0.005")
    satisfaction_floor: Decimal = Decimal("80")
    max_name_length: int = 25
    vague_words: tuple = DEFAULT_VAGUE_WORDS
    grade_words: tuple = DEFAULT_GRADES
    sheet_per_leaf: bool = False
    severities: dict = field(default_factory=dict)  # code → Severity, only where overridden

    def severity(self, code):
        return self.severities.get(code) or RULES[code][1]

    @classmethod
    def from_model(cls, row):
        return cls(
            money_tolerance=row.money_tolerance,
            cost_tolerance=row.cost_tolerance,
            satisfaction_floor=row.satisfaction_floor,
            max_name_length=row.max_name_length,
            vague_words=split_words(row.vague_words),
            grade_words=split_words(row.grade_words),
            sheet_per_leaf=row.sheet_per_leaf,
            severities={o.code: Severity(o.severity) for o in row.overrides.all() if o.code in RULES},
        )


DEFAULTS = RuleSettings()
