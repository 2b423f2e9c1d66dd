"""The words of group messages in zh and en (pure).

Messages go to chat groups whose language the site file sets per channel, not to a browser
with a locale, so their words live here rather than in the page catalogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from station.site import Site

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "building": "{building}号楼",
        "buildings": "{buildings}号楼",
        "grid": "{name}",  # the site's own (Chinese) grid name
        "digest_subject": "{scope} 包裹动态 {time}",
        "run_subject": "{scope} 配送员已出发 {time}",
        "waiting": "在站待送：{counts}",
        "still_waiting": "仍在站点待送：{counts}",
        "out": "配送中：{counts}",
        "on_run": "本趟配送：{counts}，共 {total} 件",
        "listen": "请留意敲门或电话；家中无人的物品会带回大门。",
        "verify": "需核验签收：{counts}，请准备领取码或手机尾号",
        "at_gate": "请到大门自取：{counts}（凭领取码）",
        "gate_dwelling": "其中 {count} 件仍在消杀静置，{time} 起可取",
        "pickup_codes": "取件码：{codes}",
        "more": "等共 {total} 个",
        "count": "{name} {count} 件",
        "sep": "，",
        "list_sep": "、",
        "section": "【{scope}】",
        "reminder_subject": "提醒：{total} 件物品仍在站点 {time}",
        "window_head": "今天最后时段 {end} 结束前仍在货架（物品不过夜）：",
        "window_line": "· {category} {pickup}（{where}）",
        "medicine_head": "药品等待超过 {minutes} 分钟：",
        "medicine_line": "· {pickup}（{where}，已等 {waited} 分钟）",
        "unresolved": "待确认区",
        "test_subject": "测试消息",
        "test_body": "这是收货站在 {time} 发出的测试消息。收到即表示本群的通知已接通。",
    },
    "en": {
        "building": "Building {building}",
        "buildings": "Buildings {buildings}",
        "grid": "Grid {code}",
        "digest_subject": "{scope}: parcels at {time}",
        "run_subject": "{scope}: a runner set out at {time}",
        "waiting": "Waiting to be delivered: {counts}",
        "still_waiting": "Still waiting at the station: {counts}",
        "out": "Out with runners: {counts}",
        "on_run": "On this run: {counts} ({total} in all)",
        "listen": "Please listen for the door or your phone; what nobody takes goes back to the gate.",
        "verify": "Verified hand-off: {counts}; have the collection code or phone tail ready",
        "at_gate": "Collect at the gate: {counts} (bring the collection code)",
        "gate_dwelling": "{count} of them are still in their disinfection dwell: ready from {time}",
        "pickup_codes": "Pickup codes: {codes}",
        "more": "{total} in all",
        "count": "{name} {count}",
        "sep": ", ",
        "list_sep": ", ",
        "section": "[{scope}]",
        "reminder_subject": "Reminder: {total} items still at the station at {time}",
        "window_head": "Still on the shelf before the last window ends at {end} (nothing overnight):",
        "window_line": "· {category} {pickup} ({where})",
        "medicine_head": "Medicine waiting over {minutes} minutes:",
        "medicine_line": "· {pickup} ({where}, {waited} min)",
        "unresolved": "unresolved",
        "test_subject": "Test message",
        "test_body": "A test from the receiving station at {time}. If you read this, this group's notifications work.",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    return PHRASES[lang][key].format(**values)


def category_name(site: Site, lang: str, code: str) -> str:
    category = site.categories.get(code)
    if category is None:
        return code
    return category.name_zh if lang == "zh" else category.name_en


def category_order(site: Site) -> list[str]:
    """Categories most urgent first: medicine before meals before parcels."""
    return sorted(site.categories, key=lambda code: (-site.categories[code].priority, code))


def counts_text(site: Site, lang: str, counts: Mapping[str, int]) -> str:
    """'药品 1 件，快递 5 件' / 'Medicine 1, Express parcel 5', most urgent first."""
    parts = [phrase(lang, "count", name=category_name(site, lang, code), count=counts[code])
             for code in category_order(site) + sorted(set(counts) - set(site.categories))
             if counts.get(code)]
    return PHRASES[lang]["sep"].join(parts)


def joined(lang: str, items: Iterable[str]) -> str:
    return PHRASES[lang]["list_sep"].join(items)
