"""Configuration: gateway.toml and the participants registry, strict loading."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gateway.config import ConfigError, load_gateway_config, load_registry
from gateway.devpki import (
    Concessiehouder,
    DevPki,
    GatewayConfigSpec,
    Zorgaanbieder,
    render_gateway_toml,
    render_participants_toml,
    write_dev_pki,
)
from gateway.domain.participants import PartyCode, PartyKind, Role
from gateway.security import xmlenc


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    return write_dev_pki(tmp_path_factory.mktemp("pki"))


def _gateway_toml(pki: DevPki, text: str, name: str = "gateway-test.toml") -> Path:
    path = pki.root / name
    path.write_text(text, encoding="utf-8")
    return path


def _spec(pki: DevPki, name: str, **changes: object) -> Path:
    return _gateway_toml(pki, render_gateway_toml(replace(GatewayConfigSpec(), **changes)), name)  # type: ignore[arg-type]


def _participants(pki: DevPki, text: str, name: str = "participants-test.toml") -> Path:
    path = pki.root / name
    path.write_text(text, encoding="utf-8")
    return path


# --- gateway.toml -------------------------------------------------------------------------


def test_demo_gateway_toml_loads(pki: DevPki) -> None:
    config = load_gateway_config(pki.gateway_config)
    root = pki.root.resolve()
    assert config.source == pki.gateway_config.resolve()
    assert (config.host, config.port) == ("127.0.0.1", 8443)
    assert (config.ops_host, config.ops_port) == ("127.0.0.1", 8080)
    assert config.data_dir == (root / "../data").resolve()
    assert config.tls is not None
    assert config.tls.certificate == root / "gateway/tls.crt"
    assert config.trust_anchors == (root / "ca.crt",)
    assert config.crls == (root / "crl.pem",)
    assert [k.certificate for k in config.encryption_keys] == [root / "gateway/enc.crt"]
    assert config.signing_key is not None
    assert config.signing_key.key == root / "gateway/sign.key"
    assert config.participants_file == root / "participants.toml"
    assert (config.max_age_seconds, config.max_future_seconds) == (86400, 300)
    assert config.delivery_key_transport == xmlenc.RSA_OAEP_MGF1P
    assert config.delivery_content_encryption == xmlenc.AES256_GCM
    for path in (*config.trust_anchors, *config.crls, config.tls.key, config.participants_file):
        assert path.is_file(), path


def test_paths_are_relative_to_the_config_file(pki: DevPki, tmp_path: Path) -> None:
    config = load_gateway_config(pki.gateway_config)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(elsewhere)
        assert load_gateway_config(pki.gateway_config) == config


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("[database]\nurl = 'x'", "[database]"),
        ("[[extra]]\nx = 1", "[extra]"),
        ("top_level = 1", "top_level"),  # lands in [logging]: an unknown key
    ],
)
def test_unknown_section_is_an_error_naming_the_file(pki: DevPki, extra: str, named: str) -> None:
    path = _spec(pki, "unknown-section.toml", extra_toml=extra)
    with pytest.raises(ConfigError) as info:
        load_gateway_config(path)
    assert str(path.resolve()) in str(info.value)
    assert named in str(info.value)


def test_unknown_key_is_an_error_naming_the_file_section_and_key(pki: DevPki) -> None:
    text = render_gateway_toml().replace("[trust]\n", "[trust]\ncheck_revocation = false\n")
    path = _gateway_toml(pki, text, "unknown-key.toml")
    with pytest.raises(ConfigError) as info:
        load_gateway_config(path)
    message = str(info.value)
    assert str(path.resolve()) in message
    assert "[trust]" in message
    assert "check_revocation" in message


def test_scalar_section_is_a_config_error_not_a_crash(pki: DevPki) -> None:
    lines = render_gateway_toml().splitlines()
    start = lines.index("[server]")
    end = lines.index("[tls]")
    text = "server = 5\n" + "\n".join(lines[:start] + lines[end:]) + "\n"
    path = _gateway_toml(pki, text, "scalar-section.toml")
    with pytest.raises(ConfigError, match=r"scalar-section\.toml.*\[server\]"):
        load_gateway_config(path)


def test_missing_crls_is_an_error_revocation_cannot_be_switched_off(pki: DevPki) -> None:
    with pytest.raises(ConfigError, match="crls is required"):
        load_gateway_config(_spec(pki, "no-crls.toml", crls=()))
    text = render_gateway_toml().replace('crls = ["crl.pem"]\n', "")
    with pytest.raises(ConfigError, match="crls is required"):
        load_gateway_config(_gateway_toml(pki, text, "no-crls-key.toml"))


@pytest.mark.parametrize(
    "missing", ["[tls]", "[trust] anchors", "[[keys.encryption]]", "[keys.signing]"]
)
def test_required_settings_are_errors_when_missing(pki: DevPki, missing: str) -> None:
    text = render_gateway_toml()
    if missing == "[tls]":
        text = text.replace('[tls]\ncertificate = "gateway/tls.crt"\nkey = "gateway/tls.key"\n', "")
    elif missing == "[trust] anchors":
        text = text.replace('anchors = ["ca.crt"]\n', "")
    elif missing == "[[keys.encryption]]":
        text = text.replace(
            '[[keys.encryption]]\ncertificate = "gateway/enc.crt"\nkey = "gateway/enc.key"\n', ""
        )
    else:
        text = text.replace(
            '[keys.signing]\ncertificate = "gateway/sign.crt"\nkey = "gateway/sign.key"\n', ""
        )
    assert text != render_gateway_toml()
    with pytest.raises(ConfigError, match="required"):
        load_gateway_config(_gateway_toml(pki, text, "missing.toml"))


@pytest.mark.parametrize(
    "changes",
    [
        {"key_transport": xmlenc.RSA_1_5},
        {"key_transport": "http://www.w3.org/2001/04/xmlenc#kw-aes256"},
        {"content_encryption": xmlenc.AES256_CBC},
        {"content_encryption": xmlenc.TRIPLEDES_CBC},
    ],
)
def test_disallowed_delivery_algorithms_are_refused(pki: DevPki, changes: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=r"\[delivery\].*not allowed"):
        load_gateway_config(_spec(pki, "delivery.toml", **changes))


def test_allowed_delivery_algorithms_load(pki: DevPki) -> None:
    config = load_gateway_config(
        _spec(
            pki,
            "delivery-ok.toml",
            key_transport=xmlenc.RSA_OAEP,
            content_encryption=xmlenc.AES128_GCM,
        )
    )
    assert config.delivery_key_transport == xmlenc.RSA_OAEP
    assert config.delivery_content_encryption == xmlenc.AES128_GCM


def test_key_files_need_exactly_certificate_and_key(pki: DevPki) -> None:
    text = render_gateway_toml().replace(
        'key = "gateway/sign.key"\n', 'key = "gateway/sign.key"\npassword = "x"\n'
    )
    with pytest.raises(ConfigError, match="exactly 'certificate' and 'key'"):
        load_gateway_config(_gateway_toml(pki, text, "keyfiles.toml"))


def test_bad_log_format_and_invalid_toml_are_errors(pki: DevPki) -> None:
    with pytest.raises(ConfigError, match="format"):
        load_gateway_config(_spec(pki, "log.toml", log_format="xml"))
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_gateway_config(_gateway_toml(pki, "[server\n", "broken.toml"))
    with pytest.raises(ConfigError, match="cannot read"):
        load_gateway_config(pki.root / "does-not-exist.toml")


# --- participants.toml ----------------------------------------------------------------------


def test_demo_participants_load(pki: DevPki) -> None:
    registry = load_registry(pki.participants_config)
    linde = registry.provider("12345678")
    assert linde is not None
    assert (linde.id, linde.role, linde.naam) == (
        "agb-12345678",
        Role.ZORGAANBIEDER,
        "Zorggroep De Linde",
    )
    assert registry.provider("87654321") is not None
    midden = registry.by_id("zk-5509")
    assert midden is not None
    assert midden.role is Role.CONCESSIEHOUDER
    assert midden.codes == ("5509", "5511", "5517")
    assert len(midden.encryption_certificates) == 1
    assert registry.by_party_code(PartyCode(PartyKind.ZK, "5501")) == registry.by_id("zk-5501")


def test_a_concessiehouder_with_several_codes_routes_them_all_to_one_inbox(pki: DevPki) -> None:
    registry = load_registry(pki.participants_config)
    inboxes = {code: registry.route(code) for code in ("5509", "5511", "5517")}
    assert {p.id for p in inboxes.values() if p is not None} == {"zk-5509"}
    assert all(p is not None for p in inboxes.values())
    north = registry.route("5502")
    assert north is not None
    assert north.id == "zk-5501"
    assert registry.route("5533") is None  # a valid iWlz code nobody holds here


def _holder(**changes: object) -> Concessiehouder:
    base = Concessiehouder("zk-5509", "Midden", ("5509", "5511"), ("zk-5509/enc.crt",))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_code_held_by_two_concessiehouders_is_refused(pki: DevPki) -> None:
    text = render_participants_toml(
        (),
        (
            _holder(),
            _holder(
                id="zk-5501", codes=("5501", "5511"), encryption_certificates=("zk-5501/enc.crt",)
            ),
        ),
    )
    path = _participants(pki, text, "dup-code.toml")
    with pytest.raises(ConfigError, match="ZK-5511") as info:
        load_registry(path)
    assert str(path.resolve()) in str(info.value)


def test_a_provider_listed_twice_is_refused(pki: DevPki) -> None:
    text = render_participants_toml(
        (Zorgaanbieder("12345678", "A"), Zorgaanbieder("12345678", "B")), ()
    )
    with pytest.raises(ConfigError, match="twice"):
        load_registry(_participants(pki, text, "dup-provider.toml"))


# "١٢٣٤٥٦٧٨" and "٥٥٠٩" are Arabic-Indic digits: str.isdigit() says yes, an AGB code says no.
@pytest.mark.parametrize(
    "agb", ["1234567", "123456789", "1234567a", "AGB-12345678", "", "١٢٣٤٥٦٧٨"]
)
def test_a_bad_agb_code_is_refused(pki: DevPki, agb: str) -> None:
    text = render_participants_toml((Zorgaanbieder(agb, "Fout"),), ())
    with pytest.raises(ConfigError, match="8 digits"):
        load_registry(_participants(pki, text, "bad-agb.toml"))


@pytest.mark.parametrize("codes", [("550",), ("55090",), ("ZK-5509",), (), ("٥٥٠٩",)])
def test_a_bad_zorgkantoor_code_is_refused(pki: DevPki, codes: tuple[str, ...]) -> None:
    text = render_participants_toml((), (_holder(codes=codes),))
    with pytest.raises(ConfigError, match="4-digit"):
        load_registry(_participants(pki, text, "bad-zk.toml"))


def test_inactive_codes_are_honoured_by_route(pki: DevPki) -> None:
    text = render_participants_toml((), (_holder(),)).replace(
        "codes = [", 'inactive_codes = ["5511"]\ncodes = ['
    )
    registry = load_registry(_participants(pki, text, "inactive.toml"))
    route = registry.route("5509")
    assert route is not None
    assert route.id == "zk-5509"
    assert registry.route("5511") is None
    # The inactive code still names the participant (its certificates stay known).
    assert registry.by_party_code(PartyCode(PartyKind.ZK, "5511")) == route


def test_an_inactive_concessiehouder_routes_nothing(pki: DevPki) -> None:
    text = render_participants_toml((), (_holder(),)).replace(
        "codes = [", "active = false\ncodes = ["
    )
    registry = load_registry(_participants(pki, text, "inactive-holder.toml"))
    assert registry.route("5509") is None
    assert registry.route("5511") is None


@pytest.mark.parametrize(
    "inactive",
    [
        pytest.param('"5511"', id="string-not-list"),
        pytest.param('["5599"]', id="not-one-of-its-codes"),
        pytest.param('["551"]', id="malformed"),
    ],
)
def test_inactive_codes_that_cannot_switch_anything_off_are_refused(
    pki: DevPki, inactive: str
) -> None:
    text = render_participants_toml((), (_holder(),)).replace(
        "codes = [", f"inactive_codes = {inactive}\ncodes = ["
    )
    with pytest.raises(ConfigError, match="inactive_codes"):
        load_registry(_participants(pki, text, "inactive-typo.toml"))


def test_unknown_participant_keys_and_tables_are_refused(pki: DevPki) -> None:
    text = render_participants_toml().replace(
        'naam = "Zorggroep De Linde"', 'naam = "x"\nemail = "y"'
    )
    with pytest.raises(ConfigError, match="allowed keys"):
        load_registry(_participants(pki, text, "unknown-key.toml"))
    with pytest.raises(ConfigError, match="unknown table"):
        load_registry(_participants(pki, "[[zorgkantoor]]\nid = 'x'\n", "unknown-table.toml"))


def test_a_concessiehouder_needs_a_loadable_encryption_certificate(pki: DevPki) -> None:
    missing = render_participants_toml((), (_holder(encryption_certificates=("nope.crt",)),))
    with pytest.raises(ConfigError, match=r"nope\.crt"):
        load_registry(_participants(pki, missing, "missing-cert.toml"))
    none = render_participants_toml((), (_holder(encryption_certificates=()),))
    with pytest.raises(ConfigError, match="encryption certificate"):
        load_registry(_participants(pki, none, "no-cert.toml"))


# --- [store] --------------------------------------------------------------------------


def test_the_store_is_sqlite_unless_configured(pki: DevPki) -> None:
    config = load_gateway_config(pki.gateway_config)
    assert config.store.backend == "sqlite"
    assert config.store.dsn is None


def test_a_postgresql_store_loads_with_its_settings(pki: DevPki) -> None:
    path = _spec(
        pki,
        "store-pg.toml",
        extra_toml='[store]\nbackend = "postgresql"\n'
        'dsn = "postgresql://gateway@db.internal:5432/meerzorg"\nschema = "meerzorg"\n'
        "pool_size = 4\nconnect_timeout_seconds = 2\ncommand_timeout_seconds = 3.5\n",
    )
    store = load_gateway_config(path).store
    assert (store.backend, store.dsn, store.schema) == (
        "postgresql",
        "postgresql://gateway@db.internal:5432/meerzorg",
        "meerzorg",
    )
    assert (store.pool_size, store.connect_timeout_seconds, store.command_timeout_seconds) == (
        4,
        2.0,
        3.5,
    )


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ('backend = "mysql"', "backend must be one of"),
        ('backend = "postgresql"', "dsn (postgresql://host:port/database) is required"),
        ('backend = "postgresql"\ndsn = "mysql://db/x"', "dsn (postgresql://"),
        (
            'backend = "postgresql"\ndsn = "postgresql://gateway:geheim@db/meerzorg"',
            "must not hold a password",
        ),
        (
            'backend = "postgresql"\ndsn = "postgresql://gateway@db/meerzorg?password=geheim"',
            "must not hold a password",
        ),
        ('dsn = "postgresql://gateway@db/meerzorg"', 'dsn is for backend = "postgresql" only'),
        (
            'backend = "postgresql"\ndsn = "postgresql://db/m"\nschema = "x; DROP"',
            "schema must be a lower-case SQL identifier",
        ),
        # PostgreSQL would silently cut a 64-character name to 63.
        (
            f'backend = "postgresql"\ndsn = "postgresql://db/m"\nschema = "{"s" * 64}"',
            "schema must be a lower-case SQL identifier",
        ),
        (
            'backend = "postgresql"\ndsn = "postgresql://db/m"\nschema = "zorgé"',
            "schema must be a lower-case SQL identifier",
        ),
        ('backend = "postgresql"\ndsn = "postgresql://db/m"\npool_size = 0', "pool_size"),
        ("poolsize = 3", "unknown key(s) in [store]: poolsize"),
    ],
)
def test_store_settings_are_checked(pki: DevPki, store: str, message: str) -> None:
    path = _spec(pki, "store-bad.toml", extra_toml=f"[store]\n{store}\n")
    with pytest.raises(ConfigError) as error:
        load_gateway_config(path)
    assert message in str(error.value)
    assert "geheim" not in str(error.value)


@pytest.mark.parametrize(
    ("line", "replacement", "message"),
    [
        ("port = ", 'port = "abc"', "port must be a whole number from 0 to 65535"),
        ("port = ", "port = 70000", "port must be a whole number from 0 to 65535"),
        ("ops_port = ", "ops_port = -1", "ops_port must be a whole number"),
        ("max_body_bytes = ", "max_body_bytes = 0", "max_body_bytes must be a positive integer"),
        # 0 would make the registry watcher spin a core.
        ("poll_seconds = ", "poll_seconds = 0", "poll_seconds must be a positive number"),
        (
            "aanmaaktijdstip_max_age_seconds = ",
            'aanmaaktijdstip_max_age_seconds = "1d"',
            "aanmaaktijdstip_max_age_seconds must be a whole number",
        ),
    ],
)
def test_numbers_in_gateway_toml_are_checked(
    pki: DevPki, line: str, replacement: str, message: str
) -> None:
    """A config error naming the setting, never a ValueError traceback or a busy loop."""
    lines = render_gateway_toml(GatewayConfigSpec()).splitlines()
    [at] = [i for i, text in enumerate(lines) if text.startswith(line)]
    lines[at] = replacement
    with pytest.raises(ConfigError, match=message):
        load_gateway_config(_gateway_toml(pki, "\n".join(lines) + "\n", "numbers-bad.toml"))
