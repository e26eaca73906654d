"""Remembered trust decisions never outlive what made them true."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gateway.devpki import DevCA, KeyType, Purpose
from gateway.domain.errors import CertificateRejected
from gateway.security.certs import CertificatePurpose, TrustStore

NOW = datetime.now(UTC)


@pytest.fixture
def ca() -> DevCA:
    return DevCA.create(now=NOW - timedelta(days=1))


def store(ca: DevCA, *, revoked=(), next_update: datetime | None = None) -> TrustStore:
    crl = ca.crl(
        revoked,
        this_update=NOW - timedelta(hours=1),
        next_update=next_update or NOW + timedelta(days=7),
    )
    return TrustStore((ca.certificate,), ((crl, "test"),))


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count full verifications (the store is frozen: patch its class)."""
    calls = [0]
    original = TrustStore._check_uncached

    def wrapped(self, *args, **kwargs):
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TrustStore, "_check_uncached", wrapped)
    return calls


def test_a_second_check_of_the_same_certificate_is_remembered(ca, monkeypatch):
    # An EC key: digitalSignature only, so the encryption purpose must fail.
    leaf = ca.issue(
        common_name="p",
        purpose=Purpose.TLS_CLIENT,
        party="AGB-12345678",
        key_type=KeyType.EC_P256,
        now=NOW,
    ).certificate
    trust = store(ca)
    calls = counting(monkeypatch)
    first = trust.check(leaf, CertificatePurpose.TLS_CLIENT, now=NOW)
    second = trust.check(leaf, CertificatePurpose.TLS_CLIENT, now=NOW + timedelta(minutes=1))
    assert first == second
    assert calls[0] == 1
    # Another purpose is another decision (key usage differs per purpose).
    with pytest.raises(CertificateRejected):
        trust.check(leaf, CertificatePurpose.ENCRYPTION, now=NOW)


def test_a_remembered_decision_ends_at_the_crl_next_update(ca):
    leaf = ca.issue(
        common_name="p", purpose=Purpose.SIGN, party="AGB-12345678", now=NOW
    ).certificate
    trust = store(ca, next_update=NOW + timedelta(hours=2))
    trust.check(leaf, CertificatePurpose.SIGNING, now=NOW)
    with pytest.raises(CertificateRejected, match="not current"):
        trust.check(leaf, CertificatePurpose.SIGNING, now=NOW + timedelta(hours=3))


def test_a_remembered_decision_ends_when_the_certificate_expires(ca):
    issued = ca.issue(
        common_name="p",
        purpose=Purpose.SIGN,
        party="AGB-12345678",
        not_before=NOW - timedelta(hours=1),
        not_after=NOW + timedelta(hours=1),
    )
    trust = store(ca)
    trust.check(issued.certificate, CertificatePurpose.SIGNING, now=NOW)
    with pytest.raises(CertificateRejected):
        trust.check(issued.certificate, CertificatePurpose.SIGNING, now=NOW + timedelta(hours=2))


def test_a_reloaded_store_with_the_certificate_revoked_refuses_it(ca):
    leaf = ca.issue(
        common_name="p", purpose=Purpose.TLS_CLIENT, party="AGB-12345678", now=NOW
    ).certificate
    store(ca).check(leaf, CertificatePurpose.TLS_CLIENT, now=NOW)
    with pytest.raises(CertificateRejected, match="revoked"):
        store(ca, revoked=[leaf]).check(leaf, CertificatePurpose.TLS_CLIENT, now=NOW)


def test_failures_are_not_remembered(ca, monkeypatch):
    other = DevCA.create(now=NOW - timedelta(days=1))
    stranger = other.issue(
        common_name="x", purpose=Purpose.TLS_CLIENT, party="AGB-11111111", now=NOW
    ).certificate
    trust = store(ca)
    calls = counting(monkeypatch)
    for _ in range(2):
        with pytest.raises(CertificateRejected):
            trust.check(stranger, CertificatePurpose.TLS_CLIENT, now=NOW)
    assert calls[0] == 2
