"""A made-up roster for the demo sites: plausible names, phones and care flags, reproducible."""

from __future__ import annotations

import random
from collections.abc import Iterator

from station.residents.roster import RosterRow
from station.site import Site

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰淑珍志强海燕红梅丹凤晓东文博子涵欣怡浩然"


def demo_roster(site: Site, *, seed: int = 7, occupancy: float = 0.97) -> Iterator[RosterRow]:
    rng = random.Random(seed)
    for building in site.buildings.values():
        for unit in range(1, building.units + 1):
            for room in building.rooms():
                if rng.random() > occupancy:
                    continue
                care = set()
                if rng.random() < 0.05:
                    care.add("elderly_alone")
                if rng.random() < 0.02:
                    care.add("pregnant")
                if rng.random() < 0.08:
                    care.add("chronic_medicine")
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
                yield RosterRow(building.code, unit, room, name, phone, frozenset(care))
