"""Storage options: the fsspec keyword arguments an artifact store is opened with.

They come from the ``artifact_store_options`` setting, a mapping in the configuration
file or its JSON text in ``PLYNX_ARTIFACT_STORE_OPTIONS``. Any that looks like a secret
(its name speaks of a key, a secret, a token, a password…) is masked wherever settings
are shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

#: What is shown instead of a secret value.
MASK = "***"

_SECRET_NAME = re.compile(r"key|secret|token|passw|credential|connection_string|sas|signature",
                          re.IGNORECASE)


def parse_options(value: object) -> dict[str, Any]:
    """``value`` as storage options: a mapping, its JSON text, or nothing (no options).

    Raises ValueError saying what is wrong otherwise.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not valid JSON: {exc}") from None
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValueError('expected a mapping of fsspec storage options, '
                         'such as {"endpoint_url": "http://127.0.0.1:9000"}')
    return dict(value)


def is_secret(name: str) -> bool:
    """Whether the option ``name`` may hold a secret (``secret``, ``token``, ``key``…)."""
    return _SECRET_NAME.search(name) is not None


def mask_secrets(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` with every value that may be a secret replaced by ``***``, at any depth
    (``client_kwargs`` and the like are mappings too)."""
    return {name: MASK if is_secret(name) else _masked(value) for name, value in options.items()}


def _masked(value: Any) -> Any:
    if isinstance(value, Mapping):
        return mask_secrets(value)
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value
