"""The API server: FastAPI application, request handlers and the processes that serve it."""

from plynx.server.app import create_app
from plynx.server.services import Services, open_services

__all__ = ["Services", "create_app", "open_services"]
