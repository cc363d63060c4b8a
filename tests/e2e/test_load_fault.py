"""scripts/load_fault.py --short as a test: 200 webhook messages over 20 conversations through
a 2-replica cluster while one Rasa replica is killed (SIGKILL, then started again) and
Redis is restarted; every message journaled once, read by Rasa once, answered once, in
order, and no 5xx but 503."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from bot import PROJECT_ROOT

pytestmark = [
    pytest.mark.model,
    pytest.mark.servers,
    pytest.mark.skipif(
        shutil.which("haproxy") is None, reason="haproxy is not installed (apt-get install haproxy)"
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


def test_nothing_lost_duplicated_or_reordered_through_a_killed_replica_and_a_redis_restart(
    trained_model, tmp_path
):
    summary_file = tmp_path / "summary.json"
    command = [sys.executable, "scripts/load_fault.py", "--short", "--port", "18300", "--redis-port", "18390"]
    returncode, stdout, stderr = run_in_own_group(command + ["--json", str(summary_file)], timeout=600)
    assert summary_file.exists(), stdout[-3000:] + stderr[-3000:]
    summary = json.loads(summary_file.read_text())
    # The faults really happened, mid-run: all four, each component down before it answered
    # again (the two recoveries may interleave either way).
    faults = [f.split(" ", 1)[1] for f in summary["faults"]]
    assert sorted(faults) == sorted(
        ["rasa-1 killed (SIGKILL)", "rasa-1 answering again", "redis stopping", "redis answering again"]
    ), summary["faults"]
    assert faults.index("rasa-1 killed (SIGKILL)") < faults.index("rasa-1 answering again"), faults
    assert faults.index("redis stopping") < faults.index("redis answering again"), faults
    assert summary["messages"] == 200 and summary["never_accepted"] == 0, summary
    assert (summary["lost"], summary["duplicated"], summary["out_of_order"]) == (0, 0, 0), summary["examples"]
    assert summary["server_errors"] == 0 and summary["held_for_a_person"] == 0, summary
    assert returncode == 0, stderr[-3000:]


def run_in_own_group(command: list, timeout: float) -> tuple:
    """Run the script in a process group of its own; when it overruns, the whole group goes:
    a run killed alone left its cluster (haproxy, servers, Redis) holding the ports, and the
    next run talked to those."""
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        return process.returncode, stdout, stderr
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"load_fault.py overran {timeout} s:\n{stdout[-3000:]}{stderr[-3000:]}")
