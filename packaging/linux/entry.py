"""Entry point of the packaged client: the same ``fieldapp`` command as ``pip install`` gives."""

from fieldapp.cli.main import main

raise SystemExit(main())
