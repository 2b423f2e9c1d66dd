"""A message kept in a column: its Said's JSON, said again in any language; older plain English still reads."""

import json

from station.catalogue import Said, Word, said
from station.catalogue import notify as notify_text
from station.catalogue import parcels as parcel_text
from station.catalogue.kept import keep, kept, kept_detail
from station.web.i18n import catalog


def zh(text: str) -> str:
    return catalog("zh_CN").get(text, text)


def test_a_message_with_parameters_is_kept_and_said_again_in_either_language():
    message = notify_text.GAVE_UP(reason=notify_text.ANSWERED(host="10.0.0.9", status=500), attempts=8)
    again = kept(keep(message))
    assert again == message
    assert again.render() == "10.0.0.9 answered 500 (gave up after 8 attempts)"
    assert again.render(zh, "zh_CN") == "10.0.0.9 返回 500（已尝试 8 次，不再重试）"


def test_a_bare_sentence_is_kept_as_the_generic_message_and_still_translated_where_it_is_a_msgid():
    assert json.loads(keep("no destination given")) == {"code": "station.error",
                                                        "params": {"text": {"word": "no destination given"}}}
    assert kept(keep("no destination given")).render(zh, "zh_CN") == "未填写去向"


def test_an_older_rows_plain_text_reads_as_said():
    assert kept("the label was torn") == said("the label was torn")
    assert kept("{not json") == Said(said("x").message, {"text": Word("{not json")})
    assert kept('{"code": "no.such.code", "params": {}}').render() == '{"code": "no.such.code", "params": {}}'
    assert kept(None) is None and kept("") is None and keep(None) is None


def test_a_custody_detail_is_a_kept_message_only_in_its_own_shape():
    assert kept_detail(parcel_text.NO_DESTINATION_GIVEN().to_json()) == parcel_text.NO_DESTINATION_GIVEN()
    assert kept_detail({"destination": "10-2-301", "confirmed": True}) is None
    assert kept_detail("no destination given") is None
