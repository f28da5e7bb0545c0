"""EHC plans as the statutory format has them, and their annual reviews."""
