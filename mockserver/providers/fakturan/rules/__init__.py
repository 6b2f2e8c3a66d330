"""Fakturan's state and business rules. Rules take the provider state (a JSON dict) and parsed
input, validate everything first, then change the state; they never see a Request."""
