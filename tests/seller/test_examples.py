"""The seller's settings that still hold Kefu's example values are named, until the seller
sets their own or says the example's figures are theirs."""

from __future__ import annotations

import yaml

from bot import PROJECT_ROOT
from bot.cli import main
from bot.seller.examples import EXAMPLES, seller_files, unset_settings

SELLER = PROJECT_ROOT / "seller"


def copy_of(tmp_path, name: str, **changes):
    raw = yaml.safe_load((SELLER / name).read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text(yaml.safe_dump({**raw, **changes}, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_files_hold_every_example():
    """What Kefu ships is what the fingerprints recognise (edit both together)."""
    unset = unset_settings({"shop.yml": SELLER / "shop.yml", "desk.yml": SELLER / "desk.yml"})
    assert [(u.key, u.why) for u in unset] == [(e.key, e.why) for e in EXAMPLES]


def test_a_setting_the_seller_changed_or_kept_is_theirs(tmp_path):
    """seller/shop.yml shipped placeholder delivery days (Thailand 3-7 days...) that buyers
    were given as their parcel's dates, and nothing told the seller they were examples."""
    shipped = yaml.safe_load((SELLER / "shop.yml").read_text(encoding="utf-8"))
    own_days = {**shipped["delivery_days"], "TH": [2, 5]}
    files = {"shop.yml": copy_of(tmp_path, "shop.yml", delivery_days=own_days)}
    assert [u.key for u in unset_settings(files)] == [
        "customs_goodwill_coupon",
        "refund_days",
        "pickup_hold_days",
        "carrier_check_days",
        "refused_duty_refund",
        "returns",
    ]
    files = {"shop.yml": copy_of(tmp_path, "shop.yml", kept_examples=["customs_goodwill_coupon"])}
    unset = [
        "delivery_days", "refund_days", "pickup_hold_days", "carrier_check_days", "refused_duty_refund",
        "returns",
    ]  # fmt: skip
    assert [u.key for u in unset_settings(files)] == unset
    files = {"shop.yml": copy_of(tmp_path, "shop.yml", refund_days={"review": 2, "payout": 7})}
    assert "refund_days" not in [u.key for u in unset_settings(files)]
    # Written another way (keys reordered, numbers quoted the same) is still the example.
    reordered = dict(reversed(list(shipped["delivery_days"].items())))
    files = {"shop.yml": copy_of(tmp_path, "shop.yml", delivery_days=reordered)}
    assert "delivery_days" in [u.key for u in unset_settings(files)]


def test_kefu_seller_check_names_them_and_fails_until_none_is_left(tmp_path, monkeypatch, capsys):
    desk = copy_of(
        tmp_path, "desk.yml", time_zone="America/Sao_Paulo", working_hours={"mon-sat": "08:00-20:00"}
    )
    monkeypatch.setenv("KEFU_DESK_CONFIG", str(desk))
    assert main(["seller", "check"]) == 1
    said = capsys.readouterr().out
    assert "delivery_days" in said and "customs_goodwill_coupon" in said and "working_hours" not in said
    kept = [
        "delivery_days", "customs_goodwill_coupon", "refund_days", "pickup_hold_days", "carrier_check_days",
        "refused_duty_refund",
        "returns",
    ]  # fmt: skip
    shop = copy_of(tmp_path, "shop.yml", kept_examples=kept)
    monkeypatch.setattr("bot.seller.examples.SHOP_FILE", shop)
    assert main(["seller", "check"]) == 0
    assert "your own" in capsys.readouterr().out
    assert seller_files(desk)["shop.yml"] == shop
