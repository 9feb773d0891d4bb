"""No node-local state on PostgreSQL: two nodes on two data directories against one register share
the web session / CSRF secret and the signed files; the file key backend refuses a second node
whose keys would live elsewhere, and says why."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings  # type: ignore[import-not-found]


@pytest.fixture
def two_nodes(tmp_path, postgres_url):  # type: ignore[no-untyped-def]
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.hierarchy import initialise

    first = Authority.open(make_settings(tmp_path / "node1", postgres_url), actor="node1")
    initialise(first, organisation="Ministry of Public Health", country="TH")
    second = Authority.open(make_settings(tmp_path / "node2", postgres_url), actor="node2")
    yield first, second
    first.close()
    second.close()


def test_secrets_and_signed_files_are_shared(two_nodes, tmp_path):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.artefacts import RegisterArtefactStore, artefact_store
    from mohpromt_ca.application.shared_secrets import load_shared_secret
    from mohpromt_ca.service.web.sessions import SessionCodec, load_secret, new_session

    first, second = two_nodes
    secret = load_secret(first)
    assert load_secret(second) == secret and len(secret) == 32
    assert not (first.settings.data_dir / "web-session.key").exists()  # not a file on any node
    one, two = SessionCodec(secret), SessionCodec(load_secret(second))
    session = new_session()
    assert two.decode(one.encode(session)) is not None  # a login made through node 1 holds on node 2
    assert one.csrf_token(session) == two.csrf_token(session)
    # a plugin's keyed-hash secret, too
    path = first.settings.data_dir / "plugins" / "records" / "citizen-id.key"
    assert load_shared_secret(first, path) == load_shared_secret(
        second, second.settings.data_dir / "plugins" / "records" / "citizen-id.key")

    store = artefact_store(first)
    assert isinstance(store, RegisterArtefactStore)
    digest = "ab" * 32
    store.put(digest, ".hc1", b"HC1:example")
    store.put(digest, ".hc1", b"HC1:example")  # a second write of the same digest changes nothing
    assert artefact_store(second).get(digest, ".hc1") == b"HC1:example"
    assert not (first.settings.data_dir / "documents").exists()


def test_file_keys_refuse_a_second_home(two_nodes):  # type: ignore[no-untyped-def]
    from mohpromt_ca.application.key_home import check_file_key_home
    from mohpromt_ca.errors import ConfigError

    first, second = two_nodes
    check_file_key_home(first)
    check_file_key_home(first)  # the same node (or another process on its host and directory) again
    with pytest.raises(ConfigError) as refused:
        check_file_key_home(second)
    assert refused.value.code == "file-keys-elsewhere"
    message = refused.value.message
    assert str(first.settings.keys_dir.resolve()) in message and "PKCS#11" in message
    from mohpromt_ca.service.app import create_service_app

    with pytest.raises(ConfigError):  # `serve` refuses to start, before it loads a key
        create_service_app(second)


def test_worker_needs_postgresql_and_the_queue_schema(tmp_path, two_nodes):  # type: ignore[no-untyped-def]
    """`mohpromt-ca worker` says what is missing instead of waiting for tasks that cannot come."""
    from click.testing import CliRunner

    from mohpromt_ca.cli import main
    from tests.conftest import TEST_PASSPHRASE  # type: ignore[import-not-found]

    first, _second = two_nodes
    runner = CliRunner()
    on_sqlite = runner.invoke(main, ["worker"], env={"MOHPROMT_DATA_DIR": str(tmp_path / "lite"),
                                                     "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
                                                     "MOHPROMT_DATABASE_URL": ""})
    assert on_sqlite.exit_code != 0 and "needs a PostgreSQL register" in on_sqlite.output
    no_queue = runner.invoke(main, ["worker"], env={"MOHPROMT_DATA_DIR": str(first.settings.data_dir),
                                                    "MOHPROMT_KEY_PASSPHRASE": TEST_PASSPHRASE,
                                                    "MOHPROMT_DATABASE_URL": first.settings.database_url})
    assert no_queue.exit_code != 0 and "db upgrade" in no_queue.output
