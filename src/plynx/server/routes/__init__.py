"""Request handlers, one module per resource of the API."""

from fastapi import APIRouter

from plynx.server.routes import health, meta

#: Every router of the API, mounted under ``/api/v1``.
ROUTERS: list[APIRouter] = [health.router, meta.router]
