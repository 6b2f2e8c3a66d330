"""Konto's state and business rules, one module per resource. Rules never see a Request: they
take a `Books` (the workspace's Konto state plus its clock) and validated models."""
