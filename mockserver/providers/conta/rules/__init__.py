"""Conta's rules: each takes a `Call` and what the dialect read, never the request."""
