"""fieldapp.gui."""
