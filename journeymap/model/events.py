"""A tiny synchronous observer: Journey emits past-tense events
(``touchpoint_added``, ``measurement_changed``, ...) with keyword payloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[str, dict[str, Any]], None]


class EventEmitter:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def connect(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def emit(self, event: str, **payload: Any) -> None:
        for listener in list(self._listeners):
            listener(event, payload)
