"""Import measured data from Excel, ODS, CSV, Parquet and databases (pure, no Qt)."""

from .plan import ImportOptions, ImportPlan, Skip, apply_plan
from .safety import ImportError_
from .source import ImportSource, SqlQuery, build_plan, read_source

__all__ = ["ImportError_", "ImportOptions", "ImportPlan", "ImportSource", "Skip", "SqlQuery", "apply_plan",
           "build_plan", "read_source"]
