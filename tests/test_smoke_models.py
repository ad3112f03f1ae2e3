from decimal import Decimal

from budgets.packet import lines_total, load_packet


def test_seed_filing_loads_with_all_its_parts(seed_filing):
    packet = load_packet(seed_filing)
    assert packet.filing.total_amount == Decimal("1482.9")
    assert len(packet.sheets) == 5
    assert len(packet.all_indicators) == 56
    assert lines_total(packet) == Decimal("1020.69")
