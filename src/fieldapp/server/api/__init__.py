"""HTTP routers of the server (``/api/v1``)."""
