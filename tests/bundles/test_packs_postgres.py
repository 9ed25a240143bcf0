"""The server's pack export and work-pack import on PostgreSQL (as in production)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldapp.bundles.local import export_work_pack, import_content_pack
from fieldapp.device.enrollment import code_sha256, read_setup_file
from fieldapp.device.setup import Device
from fieldapp.server import admin, packs
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.db import tables as t
from fieldapp.server.testing import postgres_available, postgres_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_server(tmp_path: Path) -> Iterator[ServerContext]:
    if not postgres_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with postgres_database() as url:
        ctx = ServerContext.open(ServerConfig(data_dir=tmp_path / "srv", database_url=url))
        try:
            yield ctx
        finally:
            ctx.close()


def test_packs_round_trip_on_postgres(pg_server: ServerContext, tmp_path: Path) -> None:
    ctx = pg_server
    admin.demo_seed(ctx)
    content = tmp_path / "c.fieldpack"
    packs.export_content_pack(ctx, admin.DEMO_COHORT, content)
    enrollment = admin.create_enrollment(ctx, "ayesha")
    setup = tmp_path / "a.fieldenroll"
    admin.write_enrollment_file(enrollment, setup)
    device = Device.open(tmp_path / "laptop", fingerprint="pg")
    ayesha = device.people.add_and_unlock("Ayesha", "1357")
    pin = device.enroll_person(ayesha.person, read_setup_file(setup), ayesha.key)
    work = tmp_path / "w.fieldpack"
    with ayesha.open_app() as app:
        import_content_pack(app, content, trusted_key_hex=pin.key, username="ayesha", server_url=pin.url)
        app.submissions.submit(app.tasks.list()[0].id, "From a PostgreSQL test.")
        export_work_pack(
            app,
            work,
            device_id=device.identity.device_id,
            device_key=device.identity.key,
            server_key_hex=pin.key,
            proof=("enrollment", code_sha256(enrollment.code)),
        )
    assert packs.import_work_pack(ctx, work).counts()["applied"] == 1
    assert packs.import_work_pack(ctx, work).counts()["duplicate"] == 1
    with ctx.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.submissions)).scalar_one() == 1
