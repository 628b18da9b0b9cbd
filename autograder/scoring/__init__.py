"""Stage 4, scoring: points from outcomes, pure (nothing runs here)."""
