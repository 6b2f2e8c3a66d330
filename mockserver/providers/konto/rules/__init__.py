"""Konto's state and business rules, one module per resource. Rules never see a Request: the
ones the declared operations call (`endpoints`) take the `Call` and the validated form, and the
resource rules they use take a `Books` (the workspace's Konto store, seen at one instant by one
user) and validated models."""
