"""Working hours and SLA deadlines: only working time counts, in the seller's time zone."""

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.seller.desk import load_desk_config, parse_desk_config

# Asia/Shanghai is UTC+8 all year: 01:00 UTC is 09:00 there.
SHANGHAI = {
    "time_zone": "Asia/Shanghai",
    "working_hours": {"mon-fri": "09:00-18:00", "sat": ["10:00-12:00", "13:00-16:00"], "sun": "closed"},
    "holidays": ["2026-01-01"],
    "first_response_minutes": 5,
}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def config():
    return parse_desk_config(SHANGHAI)


@pytest.mark.parametrize(
    "queued, due",
    [
        ("2026-01-05 02:00", "2026-01-05 02:05"),  # Monday 10:00 local: open, 5 minutes later
        ("2026-01-05 09:58", "2026-01-06 01:03"),  # Monday 17:58: 2 minutes today, 3 tomorrow at 09:00
        ("2026-01-04 23:00", "2026-01-05 01:05"),  # Monday 07:00 local: before opening
        ("2026-01-09 12:00", "2026-01-10 02:05"),  # Friday 20:00: Saturday opens at 10:00
        ("2026-01-10 03:58", "2026-01-10 05:03"),  # Saturday 11:58: lunch break 12-13 is not working time
        ("2026-01-10 10:00", "2026-01-12 01:05"),  # Saturday 18:00: Sunday closed, Monday 09:00
        ("2025-12-31 12:00", "2026-01-02 01:05"),  # Wednesday 20:00 before New Year's Day (a holiday)
    ],
)
def test_deadline_counts_only_working_time(config, queued, due):
    assert config.deadline(utc(queued)) == utc(due)


def test_open_and_closed(config):
    assert config.hours.is_open(utc("2026-01-05 01:00"))  # Monday 09:00 local
    assert not config.hours.is_open(utc("2026-01-05 00:59"))
    assert not config.hours.is_open(utc("2026-01-11 03:00"))  # Sunday
    assert not config.hours.is_open(utc("2026-01-01 03:00"))  # holiday


def test_wait_estimate_is_minutes_when_open_hours_when_closed(config):
    now = utc("2026-01-05 02:00")
    assert config.wait_estimate(now, config.deadline(now)) == {"minutes": 5}
    evening = utc("2026-01-05 12:00")  # Monday 20:00 local; answered by 09:05 next day
    assert config.wait_estimate(evening, config.deadline(evening)) == {"hours": 13}
    closing = utc("2026-01-05 09:58")  # 17:58: 2 minutes today, 3 from 09:00 tomorrow
    assert config.wait_estimate(closing, config.deadline(closing)) == {"hours": 15}


def test_no_working_hours_means_always_open():
    config = parse_desk_config({"first_response_minutes": 2})
    sunday_night = utc("2026-01-11 19:00")
    assert config.hours.is_open(sunday_night)
    assert config.deadline(sunday_night) == utc("2026-01-11 19:02")


def test_the_sellers_file_loads():
    config = load_desk_config()
    assert config.first_response_minutes == 5
    assert config.hours.zone.key == "Asia/Shanghai"


@pytest.mark.parametrize(
    "raw, problem",
    [
        ({"time_zone": "Mars/Olympus"}, "unknown time zone"),
        ({"working_hours": {"mon": "9-18"}}, "should look like"),
        ({"working_hours": {"mon": "18:00-09:00"}}, "ends before it starts"),
        ({"working_hours": {"mon": ["09:00-13:00", "12:00-18:00"]}}, "overlap"),
        ({"working_hours": {"someday": "09:00-18:00"}}, "unknown day"),
        ({"working_hours": {"mon-sun": "closed"}}, "every day is closed"),
        ({"first_response_minutes": 0}, "more than 0"),
    ],
)
def test_bad_settings_are_explained(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_desk_config(raw)


def test_midnight_end_and_holiday_dates():
    config = parse_desk_config(
        {
            "working_hours": {"mon-sun": "20:00-24:00"},
            "holidays": [date(2026, 1, 6)],
            "first_response_minutes": 30,
        }
    )
    assert config.deadline(utc("2026-01-05 23:50")) == utc("2026-01-07 20:20")


def test_first_response_targets_are_per_tier_and_queue():
    config = parse_desk_config(
        {"first_response_minutes": 7, "first_response_targets": {"after_sale": {2: 30}, "pre_sale": {1: 2}}}
    )
    now = utc("2026-01-05 02:00")
    assert config.deadline(now, 2, "after_sale") == now + timedelta(minutes=30)
    assert config.deadline(now, 1, "pre_sale") == now + timedelta(minutes=2)
    assert config.deadline(now, 2, "pre_sale") == now + timedelta(minutes=7)  # not set: the default
    assert config.deadline(now) == now + timedelta(minutes=2)  # tier 1 pre-sale
    shipped = load_desk_config()
    assert shipped.target_minutes(1, "pre_sale") == 3 and shipped.target_minutes(2, "after_sale") == 10


@pytest.mark.parametrize(
    "targets, problem",
    [
        ({"checkout": {1: 5}}, "must be one of"),
        ({"pre_sale": {4: 5}}, "tier must be one of"),
        ({"pre_sale": {1: 0}}, "more than 0"),
        ({"pre_sale": {1: True}}, "more than 0"),
        ([1, 2], "must map"),
    ],
)
def test_bad_first_response_targets_are_refused(targets, problem):
    with pytest.raises(ValueError, match=problem):
        parse_desk_config({"first_response_targets": targets})
