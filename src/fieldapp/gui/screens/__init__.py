"""The main screens, one module each."""
