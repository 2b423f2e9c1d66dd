"""The codes a client sends for categories, return reasons and verifications, as the OpenAPI document
offers them: derived from the domain's enums, still exactly the strings clients were built against."""

from __future__ import annotations

CATEGORIES = ["meal", "fresh", "express", "medicine", "valuable", "bulky"]
REASONS = ["nobody_home", "refused", "wrong_address", "other"]
METHODS = ["collection_code", "household_code"]  # the others name how earlier hand-offs were verified


def enum_of(schemas: dict, field: dict) -> list[str]:
    """The values a field may take, through a $ref, an optional or a list."""
    for option in field.get("anyOf", []):
        if option.get("type") != "null":
            return enum_of(schemas, option)
    if "items" in field:
        return enum_of(schemas, field["items"])
    if "$ref" in field:
        return enum_of(schemas, schemas[field["$ref"].rsplit("/", 1)[1]])
    return field["enum"]


def test_the_api_offers_the_codes_it_always_did(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    def values(schema: str, name: str) -> list[str]:
        return enum_of(schemas, schemas[schema]["properties"][name])

    assert values("IntakeIn", "category") == CATEGORIES
    assert values("HandoverScanIn", "category") == CATEGORIES
    assert values("ClaimIn", "category") == values("ClaimIn", "categories") == CATEGORIES
    assert values("OutcomeIn", "reason") == REASONS
    assert values("station__runs__schemas__VerificationIn", "method") == METHODS
    # A release at the gate takes only what proves something: the item's collection code or the household card.
    assert values("station__residents__pickup__schemas__VerificationIn", "method") == [
        "collection_code", "household_code"]
