from station.residents.privacy import mask_name, mask_phone, mask_room


def test_masks():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_name("王小明") == "王**"
    assert mask_room("10", 2, "301") == "10-2-3**"
    assert mask_room("10", 2, "1201") == "10-2-12**"
    assert mask_room(None, None, None) == ""
