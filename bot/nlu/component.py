"""What our Rasa components share: how they are created, and how a trained one
saves its model and is loaded back from Rasa's model storage.

Each component then writes only what it does with messages (and, if trained,
what its trained part is and how it puts it to use).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar, Dict

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot.nlu import persistence

logger = logging.getLogger(__name__)


class NluComponent(GraphComponent):
    """A component built from its config; Rasa passes the defaults merged in already."""

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, model_storage, resource)


class TrainedComponent(NluComponent):
    """A component whose trained part is one object kept in `model_file`.

    Subclasses set `model_file`, say in `use` how a trained part (or None, when
    nothing is trained) becomes their working state, and call `keep` after training.
    """

    model_file: ClassVar[str]
    # Said in the log when a model has nothing stored for this component.
    untrained_note: ClassVar[str] = ""

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: Any | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.use(trained)

    def use(self, trained: Any | None) -> None:
        raise NotImplementedError

    def keep(self, trained: Any) -> None:
        """Put the newly trained part to use and save it with the model."""
        self.use(trained)
        persistence.save(self._model_storage, self._resource, self.model_file, trained)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        trained = persistence.load(model_storage, resource, cls.model_file)
        if trained is None:
            logger.warning("%s has no trained model%s", cls.__name__, cls.untrained_note)
        return cls(config, model_storage, resource, trained)
