"""The example of docs/client.md runs as written against a live server."""

from __future__ import annotations

import contextlib
import io
import re
import runpy
from pathlib import Path

from plynx.server import Services, create_app
from tests.server.live import serving

DOC = Path(__file__).resolve().parents[2] / "docs" / "client.md"


def test_the_documented_example_runs(services: Services, tmp_path: Path) -> None:
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)
    assert code is not None
    printed = io.StringIO()
    script = tmp_path / "example.py"  # a file: operations read their functions' source
    with serving(create_app(services)) as url, contextlib.redirect_stdout(printed):
        script.write_text(code.group(1).replace("http://127.0.0.1:5005", url))
        runpy.run_path(str(script), run_name="docs_example")
    # 1..100 sum to 5050; those containing a 1 add 694
    assert printed.getvalue().splitlines()[-1] in ("5744", "b'5744'")
    assert "total succeeded" in printed.getvalue()
