"""The site file's optional [notifications] and [[channels]]: defaults, and errors that say where."""

from datetime import time

import pytest

from station.notify.channels import KINDS
from station.site import SiteError
from station.site.channels import CHANNEL_KINDS
from tests.notify.helpers import make_site

GOOD = """
[notifications]
digest_times = ["16:00", "10:00"]
show_pickup_codes = true
medicine_wait_minutes = 45

[[channels]]
code = "g1"
kind = "dingtalk"
url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
secret = "SECabc"
grids = ["G1"]
buildings = "7"

[[channels]]
code = "b10"
kind = "wecom"
url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
buildings = ["10"]
language = "en"
digest_times = ["09:00"]

[[channels]]
code = "lead"
kind = "email"
role = "coordinator"
smtp_host = "smtp.example.org"
smtp_port = 587
smtp_starttls = true
smtp_user = "station@example.org"
secret = "app-password"
smtp_from = "station@example.org"
smtp_to = "lead@example.org"
"""


def test_a_site_without_channels_loads_as_before(small_site):
    assert small_site.channels == ()
    assert small_site.notifications.digest_times == ()
    assert small_site.notifications.show_pickup_codes is False


def test_channels_and_notifications_are_read():
    site = make_site(GOOD)
    g1, b10, lead = site.channels
    assert (g1.kind, g1.role, g1.buildings, g1.grids, g1.secret) == ("dingtalk", "building", ("7", "1", "2", "3", "4"), ("G1",), "SECabc")
    assert (b10.language, b10.digest_times, b10.buildings) == ("en", (time(9),), ("10",))
    assert (lead.role, lead.smtp_port, lead.smtp_starttls, lead.smtp_to, lead.buildings) == (
        "coordinator", 587, True, ("lead@example.org",), ())
    assert site.notifications.digest_times == (time(10), time(16))
    assert site.notifications.show_pickup_codes is True
    assert site.notifications.medicine_wait_minutes == 45
    assert site.notifications.remind_before_end_minutes == 60
    assert "app-password" not in repr(lead)  # secrets stay out of logs


def test_every_kind_the_loader_accepts_has_a_channel_module():
    assert set(CHANNEL_KINDS) == set(KINDS)


@pytest.mark.parametrize("replace, by, key, expected", [
    ('kind = "dingtalk"', 'kind = "wechat"', "channels[0].kind", "one of wecom, dingtalk"),
    ('grids = ["G1"]', 'grids = ["G9"]', "channels[0].grids", "grid codes of this site"),
    ('buildings = "7"', 'buildings = "99"', "channels[0].buildings", "buildings of this site"),
    ('url = "https://oapi', 'url = "ftp://oapi', "channels[0].url", "webhook address"),
    ('code = "b10"', 'code = "g1"', "channels[1].code", "a code used only once"),
    ('code = "b10"', 'code = "B 10"', "channels[1].code", "lower-case letters"),
    ('language = "en"', 'language = "fr"', "channels[1].language", "one of zh, en"),
    ('digest_times = ["09:00"]', 'digest_times = ["9 am"]', "channels[1].digest_times", "local times"),
    ('buildings = ["10"]\n', '', "channels[1].buildings", "the buildings or grids this channel serves"),
    ('key=k"\n', 'key=k"\nsecret = "s"\n', "channels[1].secret", "WeCom robot is not signed"),
    ('smtp_to = "lead@example.org"', 'smtp_to = ["lead"]', "channels[2].smtp_to", "an email address"),
    ('smtp_host = "smtp.example.org"\n', '', "channels[2].smtp_host", "a non-empty string"),
    ('smtp_port = 587', 'smtp_port = 70000', "channels[2].smtp_port", "a whole number from 1 to 65535"),
    ('smtp_starttls = true', 'smtp_starttls = "yes"', "channels[2].smtp_starttls", "true or false"),
    ('show_pickup_codes = true', 'show_pickup_code = true', "notifications.show_pickup_code", "one of the keys"),
    ('medicine_wait_minutes = 45', 'medicine_wait_minutes = 0', "notifications.medicine_wait_minutes", "from 5 to"),
    ('digest_times = ["16:00", "10:00"]', 'digest_times = "10:00"', "notifications.digest_times", "local times"),
])
def test_a_bad_channel_names_the_file_the_key_and_what_was_expected(replace, by, key, expected):
    assert replace in GOOD
    with pytest.raises(SiteError) as caught:
        make_site(GOOD.replace(replace, by, 1))
    message = str(caught.value)
    assert message.startswith("site.toml: ")
    assert key in message, message
    assert expected in message, message

