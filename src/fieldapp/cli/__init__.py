"""fieldapp.cli."""
