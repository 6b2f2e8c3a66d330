"""mockserver: a local, stateful sandbox for Nordic and Swiss accounting and invoicing APIs."""

__version__ = "0.1.0"
