"""Return reasons and verification methods: the codes the API and the custody log keep, and the words
every page that names them has for each, in zh-CN too."""

from __future__ import annotations

import pytest

from station.custody.states import CHECKED_METHODS, ReturnReason, VerificationMethod, one_of
from station.dashboard import text as audit
from station.residents import timeline
from station.runs import text as runs
from station.web.i18n import catalog

REASON_WORDS = {"run page": runs.REASONS, "audit trail": audit.REASONS, "household's timeline": timeline.RETURN_WORDS}
METHOD_WORDS = {"run page": runs.VERIFICATIONS, "audit trail": audit.VERIFICATIONS}


def test_the_codes_are_the_ones_clients_send():
    assert [reason.value for reason in ReturnReason] == ["nobody_home", "refused", "wrong_address", "other"]
    assert [method.value for method in VerificationMethod] == ["collection_code", "household_code", "pickup_code",
                                                               "phone_tail", "name_check"]
    # What releases an item: a code only the household was shown, or its card; the rest name old records.
    assert CHECKED_METHODS == (VerificationMethod.collection_code, VerificationMethod.household_code)


@pytest.mark.parametrize("words", REASON_WORDS.values(), ids=REASON_WORDS)
def test_every_return_reason_has_words_and_their_translation(words):
    assert set(words) == set(ReturnReason)
    assert [text for text in words.values() if not catalog("zh_CN").get(text)] == []


@pytest.mark.parametrize("words", METHOD_WORDS.values(), ids=METHOD_WORDS)
def test_every_verification_method_has_words_and_their_translation(words):
    assert set(words) == set(VerificationMethod)
    assert [text for text in words.values() if not catalog("zh_CN").get(text)] == []


def test_a_message_names_the_codes_an_input_may_take():
    assert one_of(ReturnReason) == "nobody_home, refused, wrong_address or other"
    assert one_of(["pickup_code"]) == "pickup_code"
