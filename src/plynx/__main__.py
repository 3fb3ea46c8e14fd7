"""``python -m plynx``: the same as the ``plynx`` command."""

from plynx.cli import main

main()
