"""``python -m plynx.cli``: the same as the ``plynx`` command."""

from plynx.cli.main import main

main()
