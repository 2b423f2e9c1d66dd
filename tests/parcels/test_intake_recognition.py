from station.custody.service import events_of
from station.parcels import service
from tests.parcels.helpers import intake


def parcel_and_events(db, key):
    with db.read() as session:
        parcel = service.get_parcel(session, key)
        return parcel, events_of(session, parcel), [a.code for a in parcel.aliases]


def test_the_carrier_is_recognised_at_intake(db):
    intake(db, "SF1234567890123")
    parcel, events, _ = parcel_and_events(db, "SF1234567890123")
    assert parcel.carrier == "SF"
    assert events[0].details["carrier"] == "SF"


def test_an_ambiguous_bare_number_keeps_its_candidates_not_a_guess(db):
    intake(db, "432109876543")
    parcel, events, _ = parcel_and_events(db, "432109876543")
    assert parcel.carrier is None
    assert events[0].details["carrier_candidates"] == ["SF", "ZTO", "ANE"]


def test_a_waybill_qr_finds_its_number_and_both_scans_find_the_parcel(db):
    qr = "https://www.sf-express.com/mobile/waybill?waybillNo=SF1234567890123&lang=zh"
    intake(db, qr)
    parcel, _, aliases = parcel_and_events(db, "SF1234567890123")
    assert parcel.tracking_number == "SF1234567890123"
    assert qr.upper() in aliases
    code, duplicate, _ = intake(db, "SF1234567890123")
    assert duplicate and code == parcel.code


def test_an_undone_intake_can_be_taken_in_again(db):
    from station.parcels import handling
    from station.siteconfig.service import current_site
    from tests.support import NOW

    first, _, _ = intake(db, "SF1234567890123", "10-2-301")
    db.write(lambda s: handling.void_intake(s, service.get_parcel(s, first), site=current_site(s),
                                            note="wrong room", actor="gate1", gate="main", now=NOW))
    second, duplicate, _ = intake(db, "SF1234567890123", "10-1-101")
    assert not duplicate and second != first
    parcel, _, _ = parcel_and_events(db, "SF1234567890123")
    assert (parcel.code, parcel.destination) == (second, "10-1-101")


def test_the_courier_at_the_gate_settles_an_ambiguous_number(db):
    from station.gate.handover import service as handover_service
    from station.siteconfig.service import current_site
    from tests.support import NOW

    def run(session):
        site = current_site(session)
        handover = handover_service.open_handover(session, site=site, courier_name="li", carrier="中通",
                                                  gate="main", actor="gate1", now=NOW)
        return handover_service.scan_into(session, handover, site=site, scan="432109876543",
                                          destination=None, category=None, actor="gate1", now=NOW).parcel.carrier
    assert db.write(run) == "ZTO"


def test_destinations_as_people_write_them(db):
    import pytest

    from station.errors import InvalidInput

    for n, written in enumerate(["10栋2单元301", "10号楼2单元301室", "十栋二单元三零一", "Bldg 10, Unit 2, Rm 301",
                                 "１０－２－３０１"]):
        intake(db, f"SF12345678901{n:02d}", written)
        parcel, _, _ = parcel_and_events(db, f"SF12345678901{n:02d}")
        assert parcel.destination == "10-2-301", written
    with pytest.raises(InvalidInput, match="fits several rooms: 10-1-301, 10-2-301, 10-3-301") as caught:
        intake(db, "SF9999999999999", "10栋301")
    assert caught.value.extra["candidates"] == ["10-1-301", "10-2-301", "10-3-301"]
