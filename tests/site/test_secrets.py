"""Channel credentials: taken out of the stored site file, masked when shown, resolved when sending."""

import tomllib

from station.site.secrets import mask_secrets, take_secrets, with_secrets
from tests.notify.helpers import make_site, robot, site_text

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0b1c2d3e-wecom-key"
MAIL = '''[[channels]]
code = "lead"
kind = "email"
role = "coordinator"
smtp_host = "smtp.example.org"
smtp_from = "station@example.org"
smtp_to = ["lead@example.org"]
secret = 'smtp-password' # the mailbox's
'''
EXTRA = (robot("g1", "wecom", WECOM, grids='["G1"]')
         + robot("g2", "dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=tok", grids='["G2"]',
                 secret="SEC-ding")
         + robot("hook", "webhook", "https://hooks.example.org/station", role="coordinator", secret="hmac-key")
         + MAIL)


def test_literal_credentials_become_references_and_are_taken():
    clean, taken = take_secrets(site_text(EXTRA))
    assert taken == {
        "STATION_CHANNEL_G1_URL": WECOM,
        "STATION_CHANNEL_G2_URL": "https://oapi.dingtalk.com/robot/send?access_token=tok",
        "STATION_CHANNEL_G2_SECRET": "SEC-ding",
        "STATION_CHANNEL_HOOK_SECRET": "hmac-key",
        "STATION_CHANNEL_LEAD_SECRET": "smtp-password",
    }
    for value in taken.values():
        assert value not in clean
    assert "https://hooks.example.org/station" in clean  # a webhook address without a query is no secret
    assert "# the mailbox's" in clean
    assert take_secrets(clean) == (clean, {})  # references stay as they are
    tomllib.loads(clean)


def test_a_site_with_references_parses_and_sends_with_the_values():
    clean, taken = take_secrets(site_text(EXTRA))
    site = make_site(EXTRA.replace(WECOM, "${STATION_CHANNEL_G1_URL}"))
    resolved, missing = with_secrets(site, {"STATION_CHANNEL_G1_URL": WECOM})
    assert missing == [] and resolved.channels[0].url == WECOM
    from station.site import parse_site

    stored = parse_site(clean, "site.toml")
    resolved, missing = with_secrets(stored, taken)
    assert missing == [] and [c.secret for c in resolved.channels] == [None, "SEC-ding", "hmac-key", "smtp-password"]
    _, missing = with_secrets(stored, {})
    assert "STATION_CHANNEL_LEAD_SECRET" in missing


def test_shown_files_mask_literal_credentials():
    shown = mask_secrets(site_text(EXTRA))
    for secret in ("0b1c2d3e-wecom-key", "access_token=tok", "SEC-ding", "hmac-key", "smtp-password"):
        assert secret not in shown
    assert 'url = "https://qyapi.weixin.qq.com/••••"' in shown
