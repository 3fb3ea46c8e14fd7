"""The engine: plan, scheduler state, the event loop, caching and recovery."""

from plynx.engine.engine import Engine, Recovery
from plynx.engine.gc import GcReport

__all__ = ["Engine", "GcReport", "Recovery"]
