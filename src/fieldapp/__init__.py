"""fieldapp: an offline-first desktop app for field interns, and the server it syncs with."""

__version__ = "0.1.0"
