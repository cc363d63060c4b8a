"""Which model `kefu run` and `kefu cluster` serve when they start.

The model for the current data, as a rule. But when a retrain measured that very model and
refused it (a language dropped by more than a point, docs/trainer.md), starting it would undo
the gate on the next restart: buyers would be answered by the model the trainer's loop kept
away from them. Then the last model a retrain promoted is served, while its file is still in
models/, and the start says so; the trainer fixes the labels and retrains.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from bot.desk.model_history import ModelHistory


def model_to_serve(trained: Path, history: ModelHistory, say: Callable[[str], None] = print) -> Path:
    refusal = history.refusal_of(trained.name)
    if refusal is None:
        return trained
    promoted = history.last_promoted()
    fallback = trained.parent / promoted if promoted else None
    if fallback is None or not fallback.is_file():
        say(
            f"Warning: a retrain refused {trained.name} ({refusal}), and no promoted model is left "
            "in the models folder: serving it anyway. Fix the labels and retrain."
        )
        return trained
    say(
        f"A retrain refused {trained.name}, the model for the current data ({refusal}): serving "
        f"{fallback.name}, the model last promoted. Fix the labels and retrain (docs/trainer.md)."
    )
    return fallback
