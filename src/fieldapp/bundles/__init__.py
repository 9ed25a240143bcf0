"""fieldapp.bundles."""
