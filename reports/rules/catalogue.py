"""The rules. Each is registered in REGISTRY by its stable code from domain.md."""
