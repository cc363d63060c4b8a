"""The pure parts of `make bench` (scripts/bench_parts): reading /proc, the ratio tables, the
generated section of docs/benchmark.md, the signed webhook message, the load driver's tally."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import requests

from bot import PROJECT_ROOT
from bot.channels.outbound import SIGNATURE_HEADER, signature_ok

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from bench_parts import procs, report  # noqa: E402
from bench_parts.drive import DESK, REST, Channel, concurrent  # noqa: E402
from bench_parts.webhook import signed_message, webhook_desk_env  # noqa: E402

STATUS = "Name:\tpython\nVmPeak:\t 2048 kB\nVmHWM:\t  900 kB\nVmRSS:\t  512 kB\nThreads:\t4\n"
# A command name with a space and a parenthesis, as /proc/<pid>/stat may hold: ppid 42,
# started 12345 ticks after boot (field 22).
STAT = "777 (rasa (main) x) S 42 777 777 0 -1 4194560 " + " ".join(["0"] * 12) + " 12345 99 0"


def test_status_fields_are_read_in_kb_and_a_missing_one_is_zero():
    assert procs.status_kb(STATUS, "VmRSS") == 512
    assert procs.status_kb(STATUS, "VmHWM") == 900
    assert procs.status_kb("Name:\tzombie\n", "VmRSS") == 0


def test_stat_is_split_after_the_command_name():
    assert procs.parent_of(STAT) == 42
    assert procs.started_after_boot(STAT, 100) == 123.45


def test_a_child_is_found_by_its_command_line_with_its_memory_and_age():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "bench-marker"])
    try:
        time.sleep(0.3)
        assert child.pid in procs.descendants(os.getpid())
        assert procs.find([os.getpid()], "bench-marker") == child.pid
        assert procs.rss_mb(child.pid) > 1
        assert procs.rss_mb(os.getpid()) > procs.rss_mb(child.pid)  # the tree counts the child too
        assert 0 < procs.seconds_since_start(child.pid) < 30
    finally:
        child.kill()
        child.wait()


def test_a_section_is_replaced_in_place_or_added_at_the_end():
    page = "# Benchmark\n\nintro\n\n## A\n\nold a\n\n## B\n\nb stays\n"
    replaced = report.replace_section(page, "## A", "new a")
    assert replaced == "# Benchmark\n\nintro\n\n## A\n\nnew a\n\n## B\n\nb stays\n"
    added = report.replace_section(page, "## C", "c")
    assert added == page + "\n## C\n\nc\n"
    assert report.replace_section(added, "## C", "c2").endswith("## C\n\nc2\n")


def _path(seq_p50: float, msg_per_s: float, last_ms: float) -> dict:
    level = {
        "messages": 40,
        "msg_per_s": msg_per_s,
        "p50_ms": 10.0,
        "p99_ms": 20.0,
        "errors": 0,
        "no_answer": 1,
        "cpu_ms_per_msg": {"rasa": 100.0 / msg_per_s, "total": 200.0 / msg_per_s},
        "machine_busy_cores": 1.6,
    }
    long = {"messages": 200, "first_message_ms": 5.0, "last_message_ms": last_ms}
    long.update(first_ms=5.0, last_ms=last_ms, ratio=last_ms / 5.0)
    return {
        "sequential": {"p50_ms": seq_p50, "p99_ms": 2 * seq_p50},
        "concurrent": {"1": level, "20": level},
        "long": long,
    }


def _bot(paths: dict, rasa_mb: float, ready_s: float | None) -> dict:
    memory = {"rasa": rasa_mb, "actions": 100.0, "total": rasa_mb + 100, "rasa_peak": rasa_mb + 1}
    return {"ready_s": ready_s, "memory": {"warm": memory, "load": memory}, "paths": paths}


def _results() -> dict:
    plan = {"mix": 24, "load": 40, "levels": [1, 20], "long_buyers": 2, "long_messages": 200}
    plan.update(window=10, cluster_conversations=20, turns=10)
    return {
        "setup": {
            "date": "2026-12-02 06:00",
            "commit": "abc1234",
            "command": "python scripts/bench_stock.py --quick",
            "cpus": 2,
            "load_start": [1.0, 1.0, 1.0],
            "load_end": [2.0, 2.0, 2.0],
            "minutes": 3.0,
            "plan": plan,
        },
        "bots": {
            "stock": _bot({REST: _path(50.0, 10.0, 6.0)}, 400.0, 20.0),
            "kefu": _bot({REST: _path(100.0, 25.0, 5.0)}, 800.0, 30.0),
            "kefu+desk": _bot({REST: _path(60.0, 20.0, 5.0), DESK: _path(90.0, 10.0, 7.5)}, 900.0, None),
        },
        "load": {"stock": [1.0, 1.5], "kefu": [1.5, 2.25]},
        "cluster": {
            "cluster x1": {
                REST: _path(0, 10.0, 0)["concurrent"]["20"],
                DESK: _path(0, 8.0, 0)["concurrent"]["20"],
            },
            "cluster x2": {
                REST: _path(0, 15.0, 0)["concurrent"]["20"],
                DESK: _path(0, 12.0, 0)["concurrent"]["20"],
            },
        },
    }


def _row(text: str, first_cell: str) -> list:
    line = next(line for line in text.splitlines() if line.startswith(f"| {first_cell} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_ratio_table_divides_kefu_by_stock_and_the_desk_by_direct():
    text = report.render(_results())
    assert report.GENERATED in text
    header = _row(text, "measure")
    assert header == ["measure", "kefu / stock", "desk / direct (kefu+desk)"]
    assert _row(text, "seq p50") == ["seq p50", "2.00x", "1.50x"]
    assert _row(text, "msg/s at 20") == ["msg/s at 20", "2.50x", "0.50x"]
    assert _row(text, "long conversation: last msg") == ["long conversation: last msg", "0.83x", "1.50x"]
    # Memory and start are the same processes for both of the desk's channels: no ratio.
    assert _row(text, "Rasa RSS after load") == ["Rasa RSS after load", "2.00x", "-"]
    assert _row(text, "time to ready") == ["time to ready", "1.50x", "-"]


def test_cpu_per_message_is_tabled_and_compared():
    text = report.render(_results())
    assert "### Server CPU per message (ms) under load" in text
    # kefu: 200 / 25 msg/s = 8 ms in all against stock's 200 / 10 = 20 ms.
    assert _row(text, "server CPU per msg at 20") == ["server CPU per msg at 20", "0.40x", "2.00x"]
    older = _results()
    for bot in older["bots"].values():
        for path in bot["paths"].values():
            for level in path["concurrent"].values():
                level.pop("cpu_ms_per_msg", None)  # one dict serves both levels
    text = report.render(older)  # a run from before CPU was recorded
    assert "Server CPU per message" not in text
    assert _row(text, "server CPU per msg at 20") == ["server CPU per msg at 20", "-", "-"]


def test_cpu_time_is_read_from_stat_and_counted_per_message():
    from bench_parts.measure import cpu_per_message

    stat = "9 (python) S 1 9 9 0 -1 0 0 0 0 0 250 50 0 0"  # utime 250, stime 50 ticks
    assert procs.cpu_ticks(stat) == 300
    assert procs.cpu_seconds(os.getpid()) > 0
    readings = iter([{"rasa": 1.0, "desk": 2.0}, {"rasa": 1.5, "desk": 2.1}])
    result = cpu_per_message(lambda: next(readings), lambda: {"messages": 50, "msg_per_s": 9.0})
    assert result["msg_per_s"] == 9.0
    assert result["cpu_ms_per_msg"] == {"rasa": 10.0, "desk": 2.0, "total": 12.0}


def test_the_cluster_is_compared_with_one_replica_and_with_the_single_kefu():
    text = report.render(_results())
    rows = [line for line in text.splitlines() if line.startswith("| cluster x2 |")]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    assert [c[1] for c in cells] == [REST, DESK]
    assert cells[0][-3:] == ["1.50x", "0.75x", "1.6"]  # 15 msg/s against 10 (x1) and 20 (single)
    assert cells[1][-3:] == ["1.50x", "1.20x", "1.6"]  # 12 against 8 and 10


def test_the_replica_ceiling_is_the_cores_over_what_the_single_kefu_kept_busy():
    text = report.render(_results()).split("Ceiling on this machine:")[1]
    assert "kept 1.6 of 2 cores busy" in text
    assert "can pass 1.25x its msg/s" in text  # 2 cores / 1.6 busy
    older = _results()
    for path in older["bots"]["kefu+desk"]["paths"].values():
        path["concurrent"]["20"].pop("machine_busy_cores")  # a run from before it was recorded
    assert "Ceiling on this machine" not in report.render(older)


def test_the_machines_busy_cores_are_counted_over_a_run():
    from bench_parts.measure import with_machine_busy

    def spin() -> dict:
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline:
            pass
        return {"messages": 1}

    result = with_machine_busy(spin)
    assert result["messages"] == 1
    # The kernel counts busy time in ticks: over 0.3 s each core's count may be off by a tick
    # at either end, so with every core busy (other work beside this test) the reading can
    # pass os.cpu_count() by that much and no more.
    cores = os.cpu_count() or 1
    tick_error = cores * 2 / os.sysconf("SC_CLK_TCK") / 0.3
    assert 0.5 <= result["machine_busy_cores"] <= cores + tick_error  # this thread keeps one busy


def test_the_load_around_each_bot_is_shown():
    text = report.render(_results()).split("### Machine load")[1]
    assert _row(text, "kefu") == ["kefu", "1.50", "2.25"]


def test_memory_rows_show_what_each_bot_has():
    text = report.render(_results()).split("### Memory")[1].split("###")[0]
    assert _row(text, "stock")[:5] == ["stock", "20.0", "400.0", "400.0", "401.0"]
    assert _row(text, "kefu+desk")[1] == "-"  # not timed: started in-process with the desk


def test_a_signed_message_passes_the_desks_check(tmp_path):
    body, headers = signed_message("s3cret", "m-1", "buyer-1", "где мой заказ?")
    assert signature_ok("s3cret", body, headers[SIGNATURE_HEADER])
    assert not signature_ok("other", body, headers[SIGNATURE_HEADER])
    env = webhook_desk_env(tmp_path, "s3cret", "http://127.0.0.1:9/replies")
    assert env["KEFU_WEBHOOK_SECRET"] == "s3cret"
    assert env["KEFU_OUTBOUND_URL"] == "http://127.0.0.1:9/replies"
    assert "time_zone: UTC" in (tmp_path / "desk.yml").read_text()


def _answer(status: int, body: bytes) -> requests.Response:
    answer = requests.Response()
    answer.status_code, answer._content = status, body
    return answer


def test_concurrent_counts_errors_and_unanswered_messages_and_moves_on_to_new_buyers():
    seen: list = []

    def post(_session, buyer: str, text: str, message_id: str) -> requests.Response:
        seen.append((buyer, text, message_id))
        if text == "boom":
            raise requests.ConnectionError("refused")
        return _answer(500 if text == "fail" else 200, b"[]" if text == "quiet" else b'[{"text": "hi"}]')

    channel = Channel(REST, post, lambda answer: bool(answer.json()))
    # Writer 1 gets a, b, c, quiet, d; writer 2 gets x, boom, y, fail, z.
    messages = ["a", "x", "b", "boom", "c", "y", "quiet", "fail", "d", "z"]
    result = concurrent(channel, messages, 2, turns=2)
    assert (result["messages"], result["errors"], result["no_answer"]) == (10, 2, 1)
    conversations: dict = {}
    for buyer, text, message_id in seen:
        conversations.setdefault(buyer, []).append(text)
        assert message_id.startswith(f"{buyer}-")
    # After 2 messages a new buyer; after an error or no answer a new buyer at once.
    assert sorted(conversations.values()) == sorted(
        [["a", "b"], ["c", "quiet"], ["d"], ["x", "boom"], ["y", "fail"], ["z"]]
    )


def test_a_long_conversations_last_messages_are_timed_beside_new_conversations_first_ones():
    from bench_long import MESSAGES, conversations, first_and_last

    written: list = []

    def post(buyer: int, index: int, text: str) -> requests.Response:
        written.append((buyer, index, text))
        time.sleep(0.004 if index >= 8 else 0.001)  # late messages cost more
        return _answer(200, b"[]")

    long, fresh = conversations(post, buyers=2, messages=12, window=4)
    assert [len(row) for row in long] == [12, 12] and [len(row) for row in fresh] == [4, 4]
    # Messages 8-11 of buyers 0 and 1 each come right beside message 0-3 of buyers 2 and 3, with
    # the same text, and who goes first alternates.
    tail = written[2 * 8 :]
    assert len(tail) == 16
    for pair in zip(tail[::2], tail[1::2]):
        (first_buyer, first_index, first_text), (second_buyer, second_index, second_text) = pair
        assert first_text == second_text == MESSAGES[max(first_index, second_index) % len(MESSAGES)]
        assert {first_buyer % 2} == {second_buyer % 2} and {first_buyer // 2, second_buyer // 2} == {0, 1}
    assert {buyer for buyer, *_ in tail[::2]} == {0, 1, 2, 3}
    result = first_and_last(long, fresh)
    assert result["last_ms"] > 3 and result["first_ms"] < 3 and result["ratio"] > 1.5
    assert result["start_ms"] < 3
    with pytest.raises(ValueError, match="window"):
        conversations(post, buyers=1, messages=4, window=5)


def test_the_side_by_side_desk_bench_divides_the_desk_by_direct_in_each_round():
    import bench_desk

    def run(p50: float, p99: float, rate: float, desk_cpu: float) -> dict:
        cpu = {"rasa": 15.0, "desk": desk_cpu}
        return {
            "p50_ms": p50,
            "p99_ms": p99,
            "msg_per_s": rate,
            "errors": 0,
            "no_answer": 1,
            "cpu_ms_per_msg": cpu,
        }

    found = {
        "REST sequential": run(10.0, 40.0, 0.0, 0.0),
        "desk webhook sequential": run(15.0, 50.0, 0.0, 6.0),
        "REST x20": run(300.0, 900.0, 40.0, 0.0),
        "desk webhook x20": run(400.0, 1000.0, 30.0, 5.0),
    }
    ratios = bench_desk.ratios(found, 20)
    assert (ratios["p50"], ratios["p99"], ratios["msg_per_s"]) == (1.5, 1.25, 0.75)
    assert (ratios["desk_cpu_ms_seq"], ratios["desk_cpu_ms_load"]) == (6.0, 5.0)
