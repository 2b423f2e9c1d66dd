"""Sorting the station's answers by the contract, against a mock transport."""

from __future__ import annotations

import json

import httpx2
import pytest

from scanner.client import Delivered, Rejected, RetryLater, StationClient, classify

PARCEL = {"code": "P1", "pickup_code": "B12-03-007", "tracking_number": "SF1234567890123", "carrier": "SF",
          "zone": "B12", "shelf": 3, "slot": 7, "status": "received", "destination": "12-1-0402"}


def client_answering(status: int, body=None, headers=None, seen=None) -> StationClient:
    def handler(request: httpx2.Request) -> httpx2.Response:
        if seen is not None:
            seen.append(request)
        if isinstance(body, (dict, list)):
            return httpx2.Response(status, json=body, headers=headers)
        return httpx2.Response(status, content=(body or b""), headers=headers)

    return StationClient("http://station.test/", token="tok-1", transport=httpx2.MockTransport(handler))


@pytest.mark.parametrize("status", [200, 201])
def test_success_sends_the_contract_and_is_delivered(status):
    seen: list[httpx2.Request] = []
    client = client_answering(status, {"parcel": PARCEL, "duplicate": status == 200}, seen=seen)
    result = client.intake({"scan": "SF1234567890123", "gate": "main", "category": "medicine"}, idempotency_key="k-1")
    assert isinstance(result, Delivered)
    assert result.parcel["shelf"] == 3 and result.duplicate is (status == 200)
    (request,) = seen
    assert request.method == "POST" and str(request.url) == "http://station.test/api/v1/intake"
    assert request.headers["Idempotency-Key"] == "k-1"
    assert request.headers["Authorization"] == "Bearer tok-1"
    assert json.loads(request.content) == {"scan": "SF1234567890123", "gate": "main", "category": "medicine"}


def test_no_token_no_authorization_header():
    seen: list[httpx2.Request] = []

    def handler(request):
        seen.append(request)
        return httpx2.Response(201, json={"parcel": PARCEL, "duplicate": False})

    client = StationClient("http://s.test", transport=httpx2.MockTransport(handler))
    client.intake({"scan": "x", "gate": "g"}, idempotency_key="k")
    assert "Authorization" not in seen[0].headers


@pytest.mark.parametrize(("status", "body", "detail"), [
    (422, {"detail": "category: Input should be 'express'"}, "category: Input should be 'express'"),
    (422, {"detail": [{"loc": ["body", "scan"], "msg": "too long"}]}, '[{"loc": ["body", "scan"], "msg": "too long"}]'),
    (401, {"detail": "this device token is unknown or revoked"}, "this device token is unknown or revoked"),
    (409, b"conflict, plain text", "conflict, plain text"),
    (404, None, "Not Found"),
])
def test_client_errors_are_permanent_rejections(status, body, detail):
    result = client_answering(status, body).intake({"scan": "x", "gate": "g"}, idempotency_key="k")
    assert result == Rejected(status, detail, body if isinstance(body, dict) else None)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503])
def test_server_trouble_is_retried(status):
    result = client_answering(status, {"detail": "busy"}, headers={"Retry-After": "7"}).intake(
        {"scan": "x", "gate": "g"}, idempotency_key="k")
    assert isinstance(result, RetryLater)
    assert result.status == status and result.retry_after == 7.0 and "busy" in result.error


def test_redirect_is_kept_for_later_not_lost():
    result = classify(httpx2.Response(307, headers={"Location": "https://elsewhere/"}))
    assert isinstance(result, RetryLater) and "elsewhere" in result.error


def test_odd_success_body_still_counts_as_delivered():
    result = classify(httpx2.Response(201, content=b"<html>ok</html>"))
    assert isinstance(result, Delivered) and result.parcel == {}


def test_network_failures_are_retried():
    def refuse(request):
        raise httpx2.ConnectError("connection refused", request=request)

    def slow(request):
        raise httpx2.ReadTimeout("timed out", request=request)

    for handler, word in ((refuse, "cannot reach"), (slow, "timeout")):
        client = StationClient("http://s.test", transport=httpx2.MockTransport(handler))
        result = client.intake({"scan": "x", "gate": "g"}, idempotency_key="k")
        assert isinstance(result, RetryLater) and word in result.error
        assert client.healthy() is False


def test_healthz():
    up = httpx2.MockTransport(lambda request: httpx2.Response(200, json={"status": "ok"}))
    ok = StationClient("http://s.test", transport=up)
    assert ok.healthy() is True
