"""fieldapp.sync."""
