"""Import measured data from Excel, ODS and CSV (pure, no Qt)."""

from .plan import ImportOptions, ImportPlan, Skip, apply_plan
from .safety import ImportError_
from .source import ImportSource, build_plan, read_source

__all__ = ["ImportError_", "ImportOptions", "ImportPlan", "ImportSource", "Skip", "apply_plan", "build_plan",
           "read_source"]
