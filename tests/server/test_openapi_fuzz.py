"""Fuzzing the API from its OpenAPI document with schemathesis, over real HTTP: no request
gives a server error, and every response matches the document. Bounded to a few minutes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plynx.server import Services, create_app
from plynx.server.request_guard import CLIENT_HEADER
from tests.server.live import serving

CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance")

#: Examples generated per operation of the API.
EXAMPLES = 30


def _schemathesis() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("schemathesis is not installed: pip install -e '.[test]'")
    return found


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_no_server_error_and_every_response_matches_the_document(services: Services,
                                                                 tmp_path: Path) -> None:
    if services.store.engine.dialect.name != "sqlite":
        pytest.skip("fuzzed on SQLite; the endpoints are tested on both databases elsewhere")
    # Single-user mode needs no login: no sign-up/login flow to discover.
    (tmp_path / "schemathesis.toml").write_text("[auth]\nauto-signup = false\n")
    with serving(create_app(services)) as url:
        result = subprocess.run(
            [_schemathesis(), "--config-file", str(tmp_path / "schemathesis.toml"), "run",
             f"{url}/api/v1/openapi.json", "--checks", ",".join(CHECKS),
             "--max-examples", str(EXAMPLES), "--seed", "1", "--workers", "1",
             "--generation-database", "none", "--no-color", "--report-dir", str(tmp_path),
             # what PLynx's own clients send, so that bodyless and upload requests get in
             "--header", f"{CLIENT_HEADER}: schemathesis",
             # an event stream never ends by itself; tests/server/routes/test_events.py covers it
             "--exclude-path", "/api/v1/events"],
            capture_output=True, text=True, timeout=840, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
