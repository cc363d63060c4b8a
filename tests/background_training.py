"""The model trained in a child process while the tests that do not need it run.

A cold training (mostly embedding ~16,000 training texts) takes minutes of CPU;
the unit, desk and console tests before the first one that needs the model keep
about one core busy. Started once the session knows it will need the model, the
training runs on the other core (one OpenMP thread, lower priority than the tests),
and the `trained_model` fixture waits for it. What it trains is what
train_if_needed would: the same file, so a later run finds it up to date.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot import PROJECT_ROOT

LOG = PROJECT_ROOT / "var" / "test-logs" / "background-training.log"
TRAIN = (
    "import sys; from pathlib import Path; from bot.training import train_if_needed; "
    "train_if_needed(Path(sys.argv[1]))"
)


class BackgroundTraining:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start_if_missing(self, models: Path, config: Path) -> None:
        from bot.training import model_path

        if self.process is not None or model_path(models, config).exists():
            return
        LOG.parent.mkdir(parents=True, exist_ok=True)
        with LOG.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", TRAIN, str(models)],
                cwd=PROJECT_ROOT,
                env={**os.environ, "OMP_NUM_THREADS": "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=lambda: os.nice(10),
            )
        print(f"\nTraining the model in the background (log: {LOG.relative_to(PROJECT_ROOT)})", flush=True)

    def wait(self) -> None:
        """Until the background training, if one was started, has finished; its log tail if it failed."""
        if self.process is None:
            return
        code = self.process.wait()
        if code != 0:
            tail = LOG.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the background training failed (exit {code}); the end of {LOG}:\n{tail}")

    def stop(self) -> None:
        """A session ending early does not leave a training behind (a partial model is never
        renamed into place)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
