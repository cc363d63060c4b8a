"""seller/shop.yml: the usual delivery days per destination country."""

import pytest

from bot.seller.shop import DeliveryWindow, load_shop, parse_shop


def test_a_country_without_its_own_delivery_days_takes_the_default():
    shop = parse_shop({"delivery_days": {"default": [10, 25], "TH": [3, 7]}})
    assert shop.delivery_window("TH") == DeliveryWindow(3, 7)
    assert shop.delivery_window("FR") == DeliveryWindow(10, 25)
    assert parse_shop({}).delivery_window("TH") is None


def test_a_window_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="delivery_days TH"):
        parse_shop({"delivery_days": {"TH": [7, 3]}})


def test_the_shipped_shop_file_has_a_default_window():
    assert load_shop().delivery_window("ZZ") is not None
