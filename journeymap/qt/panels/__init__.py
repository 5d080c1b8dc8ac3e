"""Dock panels: inspector, metric library, weak touchpoints."""
