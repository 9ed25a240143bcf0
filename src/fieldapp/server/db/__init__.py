"""Database layer of the server: tables, engine, migrations, change log."""
