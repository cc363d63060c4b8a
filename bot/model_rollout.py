"""Loading a model into every Rasa server at once: what a retrain's promotion does.

Behind a load balancer Rasa's `PUT /model` reaches one replica, and the others would go
on serving the old model: a buyer's messages, spread over the replicas, would be read by
two models by turns, and the next `GET /status` would name either. A rollout loads the
model into each replica of `KEFU_RASA_REPLICAS` in turn and checks that each then serves
it. When one cannot (down, or the file is not where its machine looks), the replicas
already switched get their previous model back, so every replica serves one model
whichever way it ends.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable, Dict, List, TypeVar

from bot.desk.rasa_client import RasaClient, RasaUnavailable

T = TypeVar("T")
STATUS_SECONDS = 10.0


class RolloutFailed(RasaUnavailable):
    """Not every replica serves the new model; each serves what it served before, or the
    message says which could not be given it back."""


def most_served(served: Dict[str, str | None]) -> str | None:
    """The model most replicas serve (the first replica's on a tie); None when none answered."""
    answers = [name for name in served.values() if name]
    return Counter(answers).most_common(1)[0][0] if answers else None


@dataclass
class Rollout:
    urls: List[str]
    token: str
    models_dir: Path

    async def _on(self, url: str, call: Callable[[RasaClient], Awaitable[T]]) -> T:
        rasa = RasaClient(url, self.token, timeout=STATUS_SECONDS)
        try:
            return await call(rasa)
        finally:
            await rasa.close()

    async def serving(self, url: str) -> str | None:
        """The file name of the model the replica at `url` serves; None when it does not answer."""
        try:
            status = await self._on(url, lambda rasa: rasa.status())
        except RasaUnavailable:
            return None
        return status.get("model_file") if isinstance(status, dict) else None

    async def served(self) -> Dict[str, str | None]:
        """Each replica's served model file name (None: it did not answer), in the list's order;
        asked all at once, so one replica that hangs costs its timeout once, not per replica."""
        names = await asyncio.gather(*(self.serving(url) for url in self.urls))
        return dict(zip(self.urls, names))

    async def _load(self, url: str, model: Path) -> None:
        await self._on(url, lambda rasa: rasa.load_model(str(model)))
        now = await self.serving(url)
        if now != model.name:
            raise RasaUnavailable(f"{url} serves {now} after loading {model.name}")

    async def load_everywhere(self, model: Path) -> None:
        """Every replica serves `model` when this returns; RolloutFailed otherwise."""
        before = await self.served()
        switched: List[str] = []
        for url in self.urls:
            try:
                await self._load(url, model)
            except RasaUnavailable as exc:
                restored = await self._restore(switched, before)
                failed = f"{model.name} could not be loaded into {url} ({exc})"
                raise RolloutFailed(f"{failed}; {restored}") from exc
            switched.append(url)

    async def _restore(self, urls: List[str], before: Dict[str, str | None]) -> str:
        """Give `urls` back the model each served before; says how that went."""
        if not urls:
            return "no replica had switched"
        lost = []
        for url in urls:
            previous = before.get(url)
            path = self.models_dir / previous if previous else None
            try:
                if path is None or not path.exists():
                    raise RasaUnavailable(f"its previous model {previous} is not in {self.models_dir}")
                await self._load(url, path)
            except RasaUnavailable as exc:
                lost.append(f"{url}: {exc}")
        if lost:
            return "and could not give the previous model back to " + "; ".join(lost)
        return f"{', '.join(urls)} serve their previous model again"
