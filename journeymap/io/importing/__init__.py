"""Import measured data from Excel, ODS and CSV (pure, no Qt)."""

from .plan import ImportOptions, ImportPlan, Skip, apply_plan, build_plan
from .safety import ImportError_

__all__ = ["ImportError_", "ImportOptions", "ImportPlan", "Skip", "apply_plan", "build_plan"]
