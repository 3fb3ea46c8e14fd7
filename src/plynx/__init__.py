"""PLynx: reproducible, data-oriented experiments as workflows of operations."""

__version__ = "2.0.0.dev0"
