"""Parse a 指标值 as people type it into its structured parts.

The text itself is always kept as typed; this only fills operator / number / unit where the text
has a clear reading. Extended by the validation engine (full-width digits, Chinese numerals …).
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

OPERATORS = {">=": "≥", "≥": "≥", "＞＝": "≥", "<=": "≤", "≤": "≤", "＜＝": "≤", ">": ">", "<": "<", "=": "=",
             "＞": ">", "＜": "<", "＝": "="}

_NUMBER = re.compile(
    r"^\s*(?P<op>>=|<=|≥|≤|>|<|=)?\s*(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d\s，,。；;]*)\s*$"
)


@dataclass(frozen=True)
class ParsedValue:
    operator: str = ""
    number: Decimal | None = None
    unit: str = ""

    @property
    def is_quantitative(self):
        return self.number is not None


def normalize(text):
    """Full-width digits, letters and symbols to half-width (NFKC), ≥/≤ kept as they are."""
    return unicodedata.normalize("NFKC", text or "")


def parse_value(text):
    """A single measure such as 「≥95%」「3个」「6.3万元/人」; anything else parses to nothing."""
    m = _NUMBER.match(normalize(text))
    if not m:
        return ParsedValue()
    try:
        number = Decimal(m["num"].replace(",", ""))
    except InvalidOperation:
        return ParsedValue()
    return ParsedValue(operator=OPERATORS.get(m["op"] or "", ""), number=number, unit=m["unit"])
