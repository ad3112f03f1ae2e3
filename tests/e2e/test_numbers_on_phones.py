"""On a phone (390 px wide) a long number stays whole inside its cell."""

import pytest

from tests.validation.builders import build, packet

from .test_browse_filing import log_in

LONG = "12345678.6789"
WIDE = "123456789012.678901"


@pytest.fixture
def long_numbers(transactional_db, frameworks, jinglong, clerk_a):
    data = packet()
    line = data["sub_items"][0]
    line["amount"] = line["sheet"]["amount"] = LONG
    line["name"] = line["sheet"]["name"] = f"环卫作业服务费{WIDE}元"
    line["annual_goal"] = f"完成{LONG}平方米保洁"
    return build(jinglong, data)


def test_long_numbers_do_not_wrap_at_390_px(page, live_server, long_numbers):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "clerk_a", "pw-clerk_a")
    page.goto(f"{live_server.url}/filings/{long_numbers.pk}/")
    page.wait_for_selector("#att2")
    # Every element holding one of the numbers draws it in a single line box.
    lines = page.evaluate("""(numbers) => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const n of numbers) {
                const at = node.data.indexOf(n);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + n.length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                out.push([n, tops.size]);
            }
        }
        return out;
    }""", [LONG, WIDE])
    assert len(lines) >= 5
    assert [n for n, count in lines if count != 1] == []
