"""Configuration: defaults, one YAML file, and environment-variable overrides.

The PLynx home folder is ``$PLYNX_HOME`` (default ``~/.plynx``). Settings are read from
``$PLYNX_CONFIG`` or ``<home>/config.yaml`` when it exists; then every setting can be
overridden by ``PLYNX_<NAME>`` in upper case (``PLYNX_DATABASE_URL``, ``PLYNX_CONCURRENCY``…).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from plynx.errors import ConfigError

#: Shortest accepted ``secret`` (it signs HS256 tokens, which want 256 bits).
MIN_SECRET_BYTES = 32


def default_home() -> Path:
    """``$PLYNX_HOME``, or ``~/.plynx``."""
    return Path(os.environ.get("PLYNX_HOME") or Path.home() / ".plynx").expanduser()


class Settings(BaseModel):
    """The effective configuration of PLynx."""

    home: Path = Field(default_factory=default_home)
    database_url: str = Field(default="", description="SQLAlchemy URL; default SQLite in home")
    artifact_store: str = Field(default="", description="fsspec URL; default <home>/artifacts")
    artifact_store_options: dict[str, Any] = Field(default_factory=dict, description=(
        "fsspec storage options of the artifact store (endpoint_url, profile…); JSON in "
        "PLYNX_ARTIFACT_STORE_OPTIONS; secrets are masked when shown"))
    executor: str = "local"
    concurrency: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    log_dir: Path | None = Field(default=None, description="default <home>/logs")
    work_dir: Path | None = Field(default=None, description="task workspaces; default <home>/work")
    host: str = Field(default="127.0.0.1", description="address the server listens on")
    port: int = Field(default=5005, ge=1, le=65535, description="port the server listens on")
    allowed_hosts: list[str] = Field(default_factory=list, description=(
        "names the server is reached by besides localhost and `host` (a domain, *.domain, an "
        "IP address); comma-separated in PLYNX_ALLOWED_HOSTS"))
    secret: str = Field(default="", description="signs login tokens; set it for multi-user mode")
    access_token_minutes: float = Field(default=15, gt=0)
    refresh_token_days: float = Field(default=14, gt=0)
    login_failures_per_account: int = Field(default=10, ge=0, description=(
        "failed logins of one username within login_window_minutes after which its logins "
        "are refused (429) until the window ends; 0: no limit"))
    login_failures_per_address: int = Field(default=50, ge=0, description=(
        "the same, for failed logins from one client address; 0: no limit"))
    login_window_minutes: float = Field(default=15, gt=0, description=(
        "the window failed logins are counted in, from the first failure"))
    max_upload_bytes: int = Field(default=1 << 30, ge=1, description="largest accepted upload")
    ui_dir: Path | None = Field(default=None, description=(
        "serve the web UI built in this folder; default the one shipped in the package"))
    task_env: list[str] = Field(default_factory=list, description=(
        "environment variables given to tasks: NAME passes PLynx's own value on, NAME=value "
        "sets one; comma-separated in PLYNX_TASK_ENV"))
    dask_address: str = Field(default="", description=(
        "address of the Dask scheduler the dask executor sends tasks to (tcp://host:8786)"))
    dask_tls_ca_file: Path | None = Field(default=None, description=(
        "CA certificate the Dask scheduler's certificate is checked against (TLS)"))
    dask_tls_cert: Path | None = Field(default=None, description=(
        "certificate PLynx presents to the Dask cluster (TLS)"))
    dask_tls_key: Path | None = Field(default=None, description=(
        "private key of dask_tls_cert, when not in the same file"))

    @field_validator("task_env")
    @classmethod
    def _variables(cls, entries: list[str]) -> list[str]:
        from plynx.executors.environment import parse_task_env

        try:
            parse_task_env(entries)
        except ConfigError as exc:
            raise ValueError(str(exc).removeprefix("task_env: ")) from None
        return entries

    @field_validator("allowed_hosts")
    @classmethod
    def _host_patterns(cls, entries: list[str]) -> list[str]:
        from plynx.server.hosts import host_pattern

        return [host_pattern(entry) for entry in entries]

    @field_validator("artifact_store_options", mode="before")
    @classmethod
    def _storage_options(cls, value: object) -> dict[str, Any]:
        from plynx.artifacts.options import parse_options

        return parse_options(value)

    @field_validator("secret")
    @classmethod
    def _long_enough(cls, secret: str) -> str:
        if secret and len(secret.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"must be at least {MIN_SECRET_BYTES} bytes long; generate one with "
                             "python -c 'import secrets; print(secrets.token_urlsafe(32))'")
        return secret

    def model_post_init(self, _context: Any) -> None:
        self.home = self.home.expanduser()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'plynx.db'}"
        if not self.artifact_store:
            self.artifact_store = str(self.home / "artifacts")
        self.log_dir = (self.log_dir or self.home / "logs").expanduser()
        self.work_dir = (self.work_dir or self.home / "work").expanduser()

    def public(self) -> dict[str, Any]:
        """The settings as plain data, with passwords in URLs masked."""
        data = self.model_dump(mode="json")
        for key in ("database_url", "artifact_store"):
            data[key] = _mask_password(data[key])
        if data["artifact_store_options"]:
            from plynx.artifacts.options import mask_secrets

            data["artifact_store_options"] = mask_secrets(data["artifact_store_options"])
        if data["secret"]:
            data["secret"] = "***"
        return data

    @property
    def multi_user(self) -> bool:
        """Accounts and logins are required when a secret is configured."""
        return bool(self.secret)


def _mask_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url


def _split(text: str) -> list[str]:
    """A list setting given in the environment: comma-separated items."""
    return [item.strip() for item in text.split(",") if item.strip()]


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then the config file, then ``PLYNX_*`` variables, then ``overrides``."""
    values: dict[str, Any] = {}
    home = default_home()
    explicit = os.environ.get("PLYNX_CONFIG")
    path = Path(explicit) if explicit else home / "config.yaml"
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping of settings")
        unknown = set(loaded) - set(Settings.model_fields)
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s): {', '.join(sorted(unknown))}")
        values.update(loaded)
    for name, field in Settings.model_fields.items():
        env = os.environ.get(f"PLYNX_{name.upper()}")
        if env:
            values[name] = _split(env) if field.annotation == list[str] else env
    values.update({k: v for k, v in overrides.items() if v is not None})
    values.setdefault("home", home)
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors())
        raise ConfigError(f"invalid configuration: {problems}") from None
