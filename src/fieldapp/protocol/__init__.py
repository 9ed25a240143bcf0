"""The wire format shared by the client and the server.

Nothing here imports Qt, SQLite or HTTP code: it is data definitions and pure validation only,
so both ends (and offline packs) speak exactly the same language.
"""

from fieldapp.protocol.models import *  # noqa: F403
from fieldapp.protocol.records import *  # noqa: F403
