"""First-run setup of a (shared) laptop and the person switcher. The only Qt code of the device layer."""
