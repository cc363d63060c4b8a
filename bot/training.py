"""Train the Rasa model only when something that shapes it has changed.

The fingerprint covers the Rasa project files, the NLU and dialogue data and
the source of our own pipeline components (Rasa's cache does not see code
changes). Reply templates are left out on purpose: they are served by the NLG
endpoint and need no retraining.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterable, List, Set

from bot import PROJECT_ROOT

TRAINING_DATA = ("data/nlu", "data/rules", "data/stories")
FINGERPRINTED = ("config.yml", "domain.yml", *TRAINING_DATA, "bot/nlu")
# In bot/nlu but not in any model: measuring a model, and deciding whether to serve it.
NOT_IN_MODEL = ("bot/nlu/evaluation.py", "bot/nlu/promotion.py")
KEEP_MODELS = 3


def _files(root: Path, entries: Iterable[str]) -> List[Path]:
    files: List[Path] = []
    for entry in entries:
        path = root / entry
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not _ignored(p))
        elif path.is_file():
            files.append(path)
    return files


def _ignored(path: Path) -> bool:
    """Bytecode, and hidden files (the desk's lock and half-written files beside reviewed.yml):
    none is training data or code, and their coming and going must not mean a new model."""
    return "__pycache__" in path.parts or path.name.startswith(".")


def fingerprint(config: Path, root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    skipped = {root / name for name in NOT_IN_MODEL}
    for path in [config, *(p for p in _files(root, FINGERPRINTED[1:]) if p not in skipped)]:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(path.read_bytes())
    import rasa

    digest.update(rasa.__version__.encode())
    return digest.hexdigest()[:12]


def model_path(models_dir: Path, config: Path, name: str = "kefu", root: Path = PROJECT_ROOT) -> Path:
    return models_dir / f"{name}-{fingerprint(config, root)}.tar.gz"


def train_if_needed(
    models_dir: Path,
    config: Path | None = None,
    name: str = "kefu",
    root: Path = PROJECT_ROOT,
    in_use: Callable[[], Iterable[str]] | None = None,
) -> Path:
    """The model for the current data and code, trained now if there is none yet. Older
    models are pruned then, except the file names `in_use()` gives (asked only then)."""
    config = config or root / "config.yml"
    target = model_path(models_dir, config, name, root)
    if target.exists():
        print(f"Model is up to date: {target.relative_to(root) if target.is_relative_to(root) else target}")
        return target
    print(f"Training {target.name} ...", flush=True)
    train_model(config, target, root)
    _prune(models_dir, name, keep={target.name, *(in_use() if in_use else ())})
    return target


def train_model(config: Path, target: Path, root: Path = PROJECT_ROOT) -> None:
    """Train with `rasa train` into target (a .tar.gz path), from scratch. Rasa packs the
    model under a hidden name beside target, renamed to target only once whole: a training
    killed or out of disk while packing must not leave a target that counts as up to date."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{os.getpid()}-{target.name}")
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(config), "--domain", "domain.yml",
        "--data", *TRAINING_DATA,
        # A name ending in .tar.gz is used as it is (else Rasa swaps its last suffix).
        "--out", str(target.parent), "--fixed-model-name", partial.name,
        # Rasa's component cache keys on config and data, not on our components'
        # code; our fingerprint does, so when it changed, nothing cached is trusted.
        "--force",
    ]  # fmt: skip
    # Our pipeline components are imported from this checkout, whichever project is trained.
    paths = [str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    try:
        subprocess.run(command, cwd=root, check=True, env=env)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _prune(models_dir: Path, name: str, keep: Set[str]) -> None:
    """Old models of this name beyond the newest few only take disk space; those in `keep`
    (the new one, the one Rasa serves: a rollback or a restarted replica loads it) stay."""
    others = sorted(
        (p for p in models_dir.glob(f"{name}-*.tar.gz") if p.name not in keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[KEEP_MODELS - 1 :]:
        old.unlink()
