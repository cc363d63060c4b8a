"""What /proc says about a server: its resident memory, its children, when it started.

Linux only, as the benchmark machines are. Memory is the resident set (VmRSS) of the
server's process and all its descendants, so a server that forks workers is counted whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterable, List

PROC = Path("/proc")


def status_kb(status: str, field: str) -> int:
    """A `field:   123 kB` line of /proc/<pid>/status, in kB (0 when absent, as for a zombie)."""
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0])
    return 0


def stat_fields(stat: str) -> List[str]:
    """The fields of /proc/<pid>/stat after the command name, which may hold spaces and
    parentheses: field 3 (state) is element 0, field 4 (ppid) element 1, and so on."""
    return stat[stat.rindex(")") + 2 :].split()


def parent_of(stat: str) -> int:
    return int(stat_fields(stat)[1])


def started_after_boot(stat: str, ticks_per_second: int) -> float:
    """Field 22 of /proc/<pid>/stat: when the process started, in seconds since boot."""
    return int(stat_fields(stat)[19]) / ticks_per_second


def cpu_ticks(stat: str) -> int:
    """Fields 14 and 15 of /proc/<pid>/stat: CPU time in user and kernel mode, in ticks."""
    fields = stat_fields(stat)
    return int(fields[11]) + int(fields[12])


def cpu_seconds(pid: int) -> float:
    """CPU time pid and its descendants have used so far (threads included)."""
    ticks = 0
    for process in descendants(pid):
        stat = _read(PROC / str(process) / "stat")
        ticks += cpu_ticks(stat) if stat else 0
    return ticks / os.sysconf("SC_CLK_TCK")


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return ""  # the process ended meanwhile


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot (the first line of
    /proc/stat, all but idle and iowait), whoever ran: servers, load generator, others."""
    fields = [int(x) for x in _read(PROC / "stat").splitlines()[0].split()[1:9]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> List[int]:
    """pid and every process below it."""
    parents: Dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _read(entry / "stat")
            if stat:
                parents[int(entry.name)] = parent_of(stat)
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of pid and its descendants in MB (field VmHWM: each one's peak)."""
    total_kb = sum(status_kb(_read(PROC / str(p) / "status"), field) for p in descendants(pid))
    return round(total_kb / 1024, 1)


def command_line(pid: int) -> str:
    return _read(PROC / str(pid) / "cmdline").replace("\0", " ")


def find(pids: Iterable[int], marker: str) -> int | None:
    """The first of pids (or their descendants) whose command line contains marker."""
    for pid in pids:
        for candidate in descendants(pid):
            if marker in command_line(candidate):
                return candidate
    return None


def seconds_since_start(pid: int) -> float:
    """How long pid has been running, from the kernel's own record of its start."""
    uptime = float(_read(PROC / "uptime").split()[0])
    return uptime - started_after_boot(_read(PROC / str(pid) / "stat"), os.sysconf("SC_CLK_TCK"))
