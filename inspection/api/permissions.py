from core.permissions import StepPermission

__all__ = ["StepPermission"]
