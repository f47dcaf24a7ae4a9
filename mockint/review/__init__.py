"""Review: trends, weakest dimensions, calibration, retry scheduling, reports (no Qt)."""
