"""The rule engine runs over plain data: given a filing's contents and settings, it asks no database."""

from budgets.packet import load_packet
from budgets.validation import Checker, validate_filing
from indicators.validation import check


def test_the_rules_run_without_a_single_query(seed_filing, django_assert_num_queries):
    checker = Checker()
    packet = load_packet(seed_filing)
    settings, tree = checker.settings_for(packet.filing), checker.tree_for(packet.filing)
    with django_assert_num_queries(0):
        findings = check(packet, settings, tree)
    assert [f.to_dict() for f in findings] == [f.to_dict() for f in validate_filing(seed_filing)]
    assert len(findings) == 73  # the seed's own findings (tests/validation/test_seed.py lists them)
