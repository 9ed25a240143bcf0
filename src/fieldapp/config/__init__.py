"""fieldapp.config."""
