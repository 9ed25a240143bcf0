"""fieldapp.server."""
