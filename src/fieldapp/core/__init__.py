"""fieldapp.core."""
