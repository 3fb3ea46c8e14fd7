"""Connecting to the Dask scheduler named by the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plynx.errors import ConfigError

if TYPE_CHECKING:
    from plynx.config import Settings

#: Seconds to wait for the Dask scheduler to answer when PLynx starts.
CONNECT_TIMEOUT_SECONDS = 10.0

INSTALL_HINT = "pip install 'plynx[dask]'"


def connect(settings: Settings) -> Any:
    """A ``distributed.Client`` of the scheduler at ``dask_address``, with TLS when the
    ``dask_tls_*`` settings are given (else Dask's own configuration applies).

    ConfigError when dask.distributed is missing, no address is set, or the scheduler
    cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(f"the dask executor needs dask.distributed: {INSTALL_HINT}") from None
    address = settings.dask_address
    if not address:
        raise ConfigError("the dask executor needs the address of a Dask scheduler: set "
                          "dask_address (PLYNX_DASK_ADDRESS), such as tcp://scheduler:8786")
    tls = security(settings)
    try:
        return Client(address, security=tls, set_as_default=False,
                      timeout=CONNECT_TIMEOUT_SECONDS)
    except Exception as exc:
        hint = ""
        if address.startswith("tls://") and tls is None:
            hint = (" (a tls:// address needs dask_tls_ca_file and dask_tls_cert, or Dask's "
                    "own TLS configuration)")
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: "
                          f"{type(exc).__name__}: {exc}{hint}") from None


def security(settings: Settings) -> Any:
    """The ``distributed.Security`` of the ``dask_tls_*`` settings; None when none is set."""
    files = (settings.dask_tls_ca_file, settings.dask_tls_cert, settings.dask_tls_key)
    if not any(files):
        return None
    from distributed import Security

    ca_file, cert, key = files
    if ca_file is None or cert is None:
        raise ConfigError("TLS with the Dask cluster needs both dask_tls_ca_file and "
                          "dask_tls_cert (and dask_tls_key when the key is in a file of its "
                          "own)")
    for setting, path in zip(("dask_tls_ca_file", "dask_tls_cert", "dask_tls_key"), files,
                             strict=True):
        if path is not None and not path.is_file():
            raise ConfigError(f"{setting}: no file {path}")
    return Security(tls_ca_file=str(ca_file), tls_client_cert=str(cert),
                    tls_client_key=str(key) if key is not None else None,
                    require_encryption=True)
