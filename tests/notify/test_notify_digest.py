"""Digest composition (pure): counts per category, verified hand-offs, the gate, nothing personal."""

import random

from hypothesis import given, settings, strategies as st

from station.notify.digest import BuildingFacts, compose_digest, compose_run_digest, truncate
from station.notify.routing import ranges, scope_key, scope_title, target_of
from station.demo.roster import demo_roster
from tests.notify.helpers import make_site, personal_data_in, robot

SITE = make_site(robot("b10", "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
                       buildings="10")
                 + robot("g1", "feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd",
                         grids='["G1"]', language="en"))
B10 = BuildingFacts("10", waiting={"express": 5, "meal": 2, "medicine": 2}, at_gate={"valuable": 2},
                    out={"express": 4}, gate_pickup_codes=("VAL-01-004", "VAL-01-003"))


def test_a_building_digest_in_chinese_counts_by_category_most_urgent_first():
    message = compose_digest(SITE, [B10], scope="10号楼", at="10:00", lang="zh", show_pickup_codes=False)
    assert message.subject == "10号楼 包裹动态 10:00"
    assert message.body.splitlines() == [
        "在站待送：药品 2 件，盒饭 2 件，快递 5 件",
        "配送中：快递 4 件",
        "需核验签收：药品 2 件，请准备领取码或手机尾号",
        "请到大门自取：贵重 2 件（凭领取码）",
    ]


def test_the_english_digest_says_the_same():
    message = compose_digest(SITE, [B10], scope="Building 10", at="16:00", lang="en", show_pickup_codes=False)
    assert message.subject == "Building 10: parcels at 16:00"
    assert "Waiting to be delivered: Medicine 2, Meal 2, Express parcel 5" in message.body
    assert "Verified hand-off: Medicine 2; have the collection code or phone tail ready" in message.body
    assert "Collect at the gate: Valuables 2 (bring the collection code)" in message.body


def test_pickup_codes_appear_only_when_the_site_allows_them():
    hidden = compose_digest(SITE, [B10], scope="10号楼", at="10:00", lang="zh", show_pickup_codes=False)
    shown = compose_digest(SITE, [B10], scope="10号楼", at="10:00", lang="zh", show_pickup_codes=True)
    assert "VAL-01-003" not in hidden.body
    assert shown.body.splitlines()[-1] == "取件码：VAL-01-003、VAL-01-004"


def test_many_pickup_codes_are_cut_to_twenty_and_counted():
    facts = BuildingFacts("10", at_gate={"valuable": 30},
                          gate_pickup_codes=tuple(f"VAL-01-{n:03d}" for n in range(1, 31)))
    body = compose_digest(SITE, [facts], scope="10号楼", at="10:00", lang="zh", show_pickup_codes=True).body
    assert "VAL-01-020" in body and "VAL-01-021" not in body
    assert body.endswith("等共 30 个")


def test_nothing_waiting_means_no_message():
    assert compose_digest(SITE, [BuildingFacts("10")], scope="10号楼", at="10:00", lang="zh",
                          show_pickup_codes=True) is None


def test_a_grid_digest_has_a_section_per_building_that_has_something():
    facts = [BuildingFacts("1", waiting={"meal": 1}), BuildingFacts("2"), BuildingFacts("3", out={"express": 2})]
    body = compose_digest(SITE, facts, scope="第一网格", at="10:00", lang="zh", show_pickup_codes=False).body
    assert body == "【1号楼】\n在站待送：盒饭 1 件\n\n【3号楼】\n配送中：快递 2 件"


def test_the_run_digest_says_what_is_on_the_way_and_what_still_waits():
    rest = BuildingFacts("10", waiting={"express": 1}, at_gate={"valuable": 1})
    message = compose_run_digest(SITE, [("10", {"meal": 5, "medicine": 1})], [rest], scope="10号楼", at="10:42",
                                 lang="zh", show_pickup_codes=False)
    assert message.subject == "10号楼 配送员已出发 10:42"
    assert message.body.splitlines() == [
        "本趟配送：药品 1 件，盒饭 5 件，共 6 件",
        "需核验签收：药品 1 件，请准备领取码或手机尾号",
        "请留意敲门或电话；家中无人的物品会带回大门。",
        "仍在站点待送：快递 1 件",
        "请到大门自取：贵重 1 件（凭领取码）",
    ]


def test_scope_names_and_keys():
    b10, g1 = SITE.channels
    assert (scope_key(b10), scope_key(g1), scope_key(g1, ("2",))) == ("B10", "G1", "B2")
    assert scope_title(SITE, b10, ("10",), "zh") == "10号楼"
    assert scope_title(SITE, g1, g1.buildings, "zh") == "第一网格"
    assert scope_title(SITE, g1, g1.buildings, "en") == "Grid G1"
    assert scope_title(SITE, g1, ("1", "2", "4"), "en") == "Buildings 1-2, 4"
    assert ranges(["1", "2", "3", "7", "9", "10", "12A"]) == ["1-3", "7", "9-10", "12A"]


def test_the_target_shown_to_people_hides_robot_keys():
    b10, g1 = SITE.channels
    assert target_of(b10) == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
    assert target_of(g1) == "https://open.feishu.cn/open-apis/bot/v2/hook/…86fd"


def test_a_long_message_is_cut_at_a_line_within_the_byte_limit():
    text = "\n".join(f"第 {n} 行：快递" for n in range(1000))
    cut = truncate(text, 3800)
    assert len(cut.encode()) <= 3800 and cut.endswith("\n…")
    assert cut.splitlines()[-2].endswith("快递")


ROSTER = list(demo_roster(SITE))
facts_strategy = st.builds(
    BuildingFacts,
    building=st.sampled_from(sorted(SITE.buildings)),
    waiting=st.dictionaries(st.sampled_from(sorted(SITE.categories)), st.integers(0, 999)),
    at_gate=st.dictionaries(st.sampled_from(["valuable", "express", "meal"]), st.integers(0, 99)),
    out=st.dictionaries(st.sampled_from(sorted(SITE.categories)), st.integers(0, 999)),
    gate_pickup_codes=st.lists(st.from_regex(r"(VAL|B1?[0-9]|MEAL)-0[1-4]-0[0-5][0-9]", fullmatch=True),
                               max_size=40).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(facts=st.lists(facts_strategy, min_size=1, max_size=4), lang=st.sampled_from(["zh", "en"]),
       show=st.booleans())
def test_no_digest_carries_a_name_a_phone_or_a_tracking_number(facts, lang, show):
    sample = random.Random(len(facts)).sample(ROSTER, 200)
    names, phones = [r.name for r in sample], [r.phone for r in sample]
    for message in (compose_digest(SITE, facts, scope="10号楼", at="10:00", lang=lang, show_pickup_codes=show),
                    compose_run_digest(SITE, [(f.building, f.waiting) for f in facts], facts, scope="10号楼",
                                       at="10:00", lang=lang, show_pickup_codes=show)):
        if message is not None:
            text = message.subject + "\n" + message.body
            assert personal_data_in(text, names=names, phones=phones) == []
