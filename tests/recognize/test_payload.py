import json

import pytest

from station.recognize import recognize
from station.recognize.payload import extract_payload


@pytest.mark.parametrize("payload, number, carrier", [
    ("https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1385628716739", "SF1385628716739", "SF"),
    ("https://m.example.cn/track?waybillNo=SF1385628716739&from=qr", "SF1385628716739", "SF"),
    ("http://x.cn/q?mailNo=EA123456785CN", "EA123456785CN", "EMS"),
    ("https://h5.example.com/#/detail?billcode=JT5261988016578", "JT5261988016578", "JT"),
    ("https://a.cn/?no=YT8962646785389", "YT8962646785389", "YTO"),
    ("https://a.cn/?lang=zh&num=DPK202252612836", "DPK202252612836", "DEPPON"),
    ("www.example.com/t?waybill_no=1Z5R89390357567127", "1Z5R89390357567127", "UPS"),
    ('{"waybillNo": "SF1385628716739", "sender": "x"}', "SF1385628716739", "SF"),
    ('{"data": {"mail_no": "JDX024407261700", "count": 2}}', "JDX024407261700", "JD"),
    ('[{"no": "JT5261988016578"}]', "JT5261988016578", "JT"),
    ("waybillNo=YT8962646785389&sign=abc", "YT8962646785389", "YTO"),
    ("运单号：SF 1385 6287 16739 收件人 张三", "SF1385628716739", "SF"),
    ("Tracking No: 1Z5R89390357567127 Ship to John", "1Z5R89390357567127", "UPS"),
])
def test_the_waybill_number_is_taken_out_of_a_payload(payload, number, carrier):
    found = recognize(payload)
    assert (found.kind, found.number, found.carrier, found.valid) == ("tracking", number, carrier, True)


def test_the_host_settles_a_bare_number():
    plain = recognize("300527476792")
    assert plain.carrier is None and len(plain.candidates) > 1
    from_sf = recognize("https://www.sf-express.com/waybill?waybillNo=300527476792")
    assert from_sf.carrier == "SF"


def test_the_callers_hint_overrides_the_host():
    found = recognize("https://www.sf-express.com/waybill?no=300527476792", expected_carrier="ZTO")
    assert found.carrier == "ZTO"


def test_our_code_inside_a_link():
    found = recognize("https://station.local/track?code=H9Z8Y7X6W")
    assert (found.kind, found.number) == ("household", "H9Z8Y7X6W")


@pytest.mark.parametrize("payload, reason", [
    ("https://example.com/about", "a web address with no waybill number in it"),
    ('{"hello": "world"}', "a JSON payload with no waybill number in it"),
    ("运单号：ABC", None),
])
def test_a_payload_without_a_number(payload, reason):
    found = recognize(payload)
    assert not found.valid
    if reason:
        assert (found.kind, str(found.reason)) == ("unknown", reason)


@pytest.mark.parametrize("text", ["10栋2单元301", "张三 13812341234", "SF1385628716739", "[", "{bad json"])
def test_what_is_not_a_payload(text):
    assert extract_payload(text) is None


def test_deeply_nested_json_is_not_a_problem():
    assert recognize("[" * 3000 + "]" * 3000).kind == "unknown"
    nested = {"a": {"b": {"c": {"trackingNumber": "SF1385628716739"}}}}
    assert recognize(json.dumps(nested)).number == "SF1385628716739"
