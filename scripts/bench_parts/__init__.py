"""The pieces of `make bench` (scripts/bench_stock.py), one job each: reading processes
from /proc (procs), starting the bots (servers), driving messages at them (drive), one
bot's whole measurement (measure), the desk's signed webhook (webhook), and the tables
with ratios on docs/benchmark.md (report).

Importing it puts the project on the path and quiets TensorFlow first, as scripts/bench.py
does, whichever script imports it and in whatever order its imports are sorted."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
