"""Saving the desk's settings from the console (PUT /api/seller/desk-settings) keeps what the
seller wrote in seller/desk.yml: the comments (at the top, at the end of a line, between
sections, in any language), the order of the keys and the settings the page does not show;
only the values the page changed are written, and the desk reads the file back."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.seller.desk import read_desk_config
from tests.desk.conftest import add_agent

FILE = """\
# The seller's desk: top comment, first line.
# Top comment, second line.
time_zone: Asia/Shanghai  # where the shop is
working_hours:
  mon-fri: "09:00-18:00"  # weekdays
  sat-sun: "10:00-16:00"
# Days off, between sections.
holidays: [2026-12-31]

# After a blank line: the first-response target.
first_response_minutes: 5  # minutes of working time
first_response_targets:
  pre_sale: {1: 3, 2: 5, 3: 5}
  after_sale: {1: 5, 2: 10, 3: 10}
# Not on the page: the sweep's pace.
sla_sweep_seconds: 0.2  # fast for the tests
auto_assign:
  max_chats: 0
csat_window_hours: 24
bot_csat:
  ask: false
  after_intents: [goodbye, thank]  # the seller's own list
bot_idle_minutes: 30
# The end of the file.
"""
THAI_CHINESE = """\
# การตั้งค่าของร้าน: เวลาทำการ (Thai)
# 客服工作时间，周末休息 (Chinese)
time_zone: Asia/Bangkok  # เขตเวลา กรุงเทพฯ
working_hours:
  mon-fri: "09:00-18:00"  # 工作日
# วันหยุด / 节假日
holidays: []
first_response_minutes: 5  # 五分钟内回复
"""


def comment_lines(text: str):
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


@pytest.fixture
def desk_with(make_desk, fake_rasa, journal, tmp_path):
    def start(text: str):
        path = tmp_path / "desk.yml"
        path.write_text(text, encoding="utf-8")
        add_agent(journal, "sue", "supervisor")
        # In force from the file, as a desk starting on it has them.
        desk = make_desk(fake_rasa.url, desk_config=path, config=read_desk_config(path))
        return desk, path, desk.login("sue")

    return start


def save(desk, sue, change):
    opened = desk.api("GET", "/api/seller/desk-settings", sue).json()
    settings = {**opened["settings"], **change}
    reply = desk.api(
        "PUT", "/api/seller/desk-settings", sue, json={"settings": settings, "version": opened["version"]}
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_a_save_keeps_the_comments_the_key_order_and_what_the_page_does_not_show(desk_with):
    desk, path, sue = desk_with(FILE)
    week = {day: ["08:00-20:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
    saved = save(
        desk,
        sue,
        {
            "time_zone": "Asia/Bangkok",
            "working_hours": {**week, "sat": [], "sun": ["11:00-15:00"]},
            "holidays": ["2026-12-24", "2026-12-31"],
            "first_response_minutes": 7,
            "first_response_targets": {
                "pre_sale": {"1": 2, "2": 5, "3": 5},
                "after_sale": {"1": 5, "2": 10, "3": 10},
            },
            "auto_assign": {"max_chats": 3},
        },
    )
    text = path.read_text(encoding="utf-8")
    assert comment_lines(text)[1:] == comment_lines(FILE)  # the first: who saved
    assert "Written by the console (sue" in text.splitlines()[0]
    assert list(yaml.safe_load(text)) == list(yaml.safe_load(FILE))
    assert re.search(r"^time_zone: Asia/Bangkok +# where the shop is$", text, re.M)
    assert "first_response_minutes: 7  # minutes of working time" in text
    assert "# Days off, between sections.\nholidays:" in text  # still above the holidays
    config = read_desk_config(path)  # the desk's own reader
    assert (str(config.hours.zone.key), config.first_response_minutes) == ("Asia/Bangkok", 7)
    assert (config.hours.week_text()["sun"], config.hours.week_text()["sat"]) == ("11:00-15:00", "closed")
    assert len(config.hours.holidays) == 2 and config.target_minutes(1, "pre_sale") == 2
    assert (config.auto_assign_max_chats, config.sla_sweep_seconds, config.bot_csat_ask) == (3, 0.2, False)
    assert desk.hub.config == config  # in force on this desk
    assert desk.api("GET", "/api/seller/desk-settings", sue).json()["settings"] == saved["settings"]


def test_a_save_that_changes_nothing_changes_only_who_saved(desk_with):
    desk, path, sue = desk_with(FILE)
    save(desk, sue, {})
    save(desk, sue, {})
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# Written by the console (sue") and "".join(lines[1:]) == FILE


def test_open_around_the_clock_and_back_keeps_the_comments(desk_with):
    desk, path, sue = desk_with(FILE)
    assert save(desk, sue, {"always_open": True})["settings"]["always_open"] is True
    assert read_desk_config(path).hours.always_open
    hours = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    save(desk, sue, {"always_open": False, "working_hours": hours})
    text = path.read_text(encoding="utf-8")
    assert comment_lines(text)[1:] == comment_lines(FILE)
    assert list(yaml.safe_load(text)) == list(yaml.safe_load(FILE))
    assert read_desk_config(path).hours.week_text()["sun"] == "09:00-17:00"


def test_comments_in_thai_and_chinese_are_kept(desk_with):
    desk, path, sue = desk_with(THAI_CHINESE)
    save(desk, sue, {"first_response_minutes": 9, "holidays": ["2027-01-01"], "time_zone": "Asia/Shanghai"})
    text = path.read_bytes().decode("utf-8")
    assert comment_lines(text)[1:] == comment_lines(THAI_CHINESE)
    assert re.search(r"^time_zone: Asia/Shanghai +# เขตเวลา กรุงเทพฯ$", text, re.M) and "\\u" not in text
    config = read_desk_config(path)
    assert (config.first_response_minutes, str(config.hours.zone.key)) == (9, "Asia/Shanghai")
    assert desk.hub.config.first_response_minutes == 9


def test_the_header_an_earlier_console_wrote_gives_way_to_one_line(desk_with):
    earlier = (
        "# The desk's settings (see the comments of Kefu's own seller/desk.yml for each one).\n"
        "# Written by the console (sam, 2026-12-01T09:00:00+00:00); edit it here or on the console's "
        "Settings page.\n"
        "time_zone: UTC\n"
    )
    desk, path, sue = desk_with(earlier)
    save(desk, sue, {"first_response_minutes": 6})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Written by the console (sue") and lines[1] == "time_zone: UTC"
    assert [line for line in lines if line.startswith("#")] == [lines[0]]
