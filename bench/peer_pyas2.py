"""The peer we can run side by side: pyas2-lib receiving a signed, encrypted AS2 message and
answering it with a signed MDN (issue 14's ``pyas2_over_pipeline``).

Two AS2 parties from the bench's dev PKI: the provider (``agb-12345678``, its RSA signing
key) sends to the gateway (its RSA encryption key decrypts; an RSA signing certificate of
the same size, issued here by the dev CA, signs the MDNs: the gateway's own receipt key is
ECDSA P-256, which pyas2-lib cannot sign with). The payload is the bench's 5 KiB
meerzorgplan, as ``application/xml``. Messages are signed (RSASSA-PKCS1-v1_5, SHA-256),
encrypted (AES-256-CBC, the strongest content cipher pyas2-lib offers; the key is wrapped
with RSAES-PKCS1-v1_5, which is what ``Message.build`` of pyas2-lib 1.4.4 uses whatever the
partner says), and ask for a synchronous MDN signed with SHA-256.

All messages (each with its own Message-ID) are built before timing. Timed, per message:
``Message().parse(...)`` (MIME parsing, the partner lookup, CMS decryption, the chain
check of the signer's certificate against the dev CA, CMS signature verification, the MIC,
and ``Mdn().build(...)`` with its CMS signature, which ``parse`` calls itself), then the
MDN serialised to bytes as a server would send it. Before timing, the first message is
checked: payload round-trips, status ``processed``, and the MDN verifies at the sender
with status ``processed`` and the right MIC.

pyas2-lib lives in its own virtual environment, ``.venv-peer`` (``make bench`` makes it
from ``bench/peer-requirements.txt``): its pyOpenSSL wants an older ``cryptography`` than
the one the gateway is locked to, and the pipeline must be measured with the locked one.
So this module's top level imports only the standard library: ``measure`` (in the bench's
process) prepares the files, and ``python -m bench.peer_pyas2 PKI_DIR PAYLOAD_FILE COUNT
RSA_BITS``, run by the peer environment's Python in a fresh process, times and prints one
JSON object.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.fixtures import BenchPki

REPO = Path(__file__).resolve().parents[1]
PEER_VENV = REPO / ".venv-peer"  # bench/peer-requirements.txt; BENCH_PEER_PYTHON overrides
PROVIDER_DIR = "agb-12345678"  # bench.fixtures.PROVIDER: the sender, its signing key
SENDER_AS2 = PROVIDER_DIR  # AS2-From
RECEIVER_AS2 = "meerzorg-gateway"  # AS2-To
ENC_ALG = "aes_256_cbc"
DIGEST_ALG = "sha256"
WARMUP = 3

# oscrypto 1.3.0 (the release pyas2-lib pins) cannot read OpenSSL versions with a two-digit
# part ("OpenSSL 3.0.19"): importing it raises LibraryNotFoundError("Error detecting the
# version of libcrypto") (wbond/oscrypto#75, #78). The fix, upstream commit d5f3437 "Make
# OpenSSL version regexes more robust", is on oscrypto's master but in no release on PyPI.
# ``oscrypto.use_openssl()`` does not help (it only chooses the library paths; the same
# version parsing follows). So, for this benchmark only, the two modules that parse the
# version are loaded with d5f3437's regular expressions in place of the old ones.
_OSCRYPTO_MODULES = ("oscrypto._openssl._libcrypto_cffi", "oscrypto._openssl._libcrypto_ctypes")
_OSCRYPTO_FIX = (
    (r"'\\b(\\d\\.\\d\\.\\d[a-z]*)\\b'", r"'\\b(\\d+\\.\\d+\\.\\d+[a-z]*)\\b'"),
    (r"'\\b(\\d\\.\\d\\.\\d+[a-z]*)\\b'", r"'\\b(\\d+\\.\\d+\\.\\d+[a-z]*)\\b'"),
    (r"'(?<=LibreSSL )(\\d\\.\\d(\\.\\d)?)\\b'", r"'(?<=LibreSSL )(\\d+\\.\\d+(\\.\\d+)?)\\b'"),
    (r"'(\\d)([a-z]+)'", r"'(\\d+)([a-z]+)'"),
)


class _OscryptoVersionFix(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Loads oscrypto's libcrypto version modules with upstream's fixed regexes."""

    def __init__(self) -> None:
        self.patched: list[str] = []

    def find_spec(
        self, fullname: str, path: Any = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _OSCRYPTO_MODULES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.origin:
                return importlib.util.spec_from_file_location(fullname, spec.origin, loader=self)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        origin = module.__spec__.origin if module.__spec__ else None
        assert origin is not None
        source = Path(origin).read_text(encoding="utf-8")
        for old, new in _OSCRYPTO_FIX:
            if old in source:
                source = source.replace(old, new)
                self.patched.append(module.__name__)
        exec(compile(source, origin, "exec"), module.__dict__)  # noqa: S102 (oscrypto's own source)


def import_pyas2lib() -> dict[str, Any]:
    """Import pyas2-lib, with the oscrypto workaround when its version detection fails.

    Returns what was done (versions, the workaround), for the results."""
    info: dict[str, Any] = {
        "python": sys.executable,
        **{name: version(name) for name in ("pyas2lib", "oscrypto", "pyOpenSSL", "cryptography")},
        "oscrypto_workaround": None,
    }
    from oscrypto.errors import LibraryNotFoundError  # light: loads no library

    try:
        import oscrypto.asymmetric
    except LibraryNotFoundError as exc:
        if "Error detecting the version of libcrypto" not in str(exc):
            raise
        for name in [m for m in sys.modules if m == "oscrypto" or m.startswith("oscrypto.")]:
            del sys.modules[name]
        fix = _OscryptoVersionFix()
        sys.meta_path.insert(0, fix)
        import oscrypto.asymmetric

        info["oscrypto_workaround"] = (
            "oscrypto 1.3.0 cannot parse this OpenSSL's version (wbond/oscrypto#75): the "
            "version regexes of " + ", ".join(sorted(set(fix.patched))) + " replaced at "
            "import by those of upstream commit d5f3437 (bench/peer_pyas2.py)"
        )
    import oscrypto

    info["oscrypto_backend"] = oscrypto.backend()
    import pyas2lib  # noqa: F401

    return info


def issue_mdn_signing(pki: BenchPki) -> None:
    """An RSA signing certificate of the bench's key size for the gateway's MDNs, issued by
    the dev CA (once per PKI): ``as2/mdn-sign.{crt,key}``. In the bench's process."""
    from gateway.devpki import DevCA, KeyType, Purpose

    directory = pki.root / "as2"
    if not (directory / "mdn-sign.crt").exists():
        ca = DevCA.load(pki.root / "ca.crt", pki.root / "ca.key")
        key_type = KeyType.RSA4096 if pki.rsa_bits == 4096 else KeyType.RSA2048
        ca.issue(
            common_name="meerzorg-gateway AS2 MDNs", purpose=Purpose.SIGN, key_type=key_type
        ).write(directory, "mdn-sign")


def _pem(directory: Path, name: str) -> bytes:
    """NAME.key then NAME.crt, as pyas2-lib loads a key pair."""
    return (directory / f"{name}.key").read_bytes() + (directory / f"{name}.crt").read_bytes()


class Parties:
    """Both sides' pyas2-lib objects: the sender's view and the receiver's view."""

    def __init__(self, root: Path) -> None:
        from pyas2lib import Organization, Partner

        ca = (root / "ca.crt").read_bytes()
        gateway, provider = root / "gateway", root / PROVIDER_DIR
        provider_sign = _pem(provider, "sign")
        gateway_enc = _pem(gateway, "enc")
        mdn_sign = _pem(root / "as2", "mdn-sign")
        mdn_cert = (root / "as2" / "mdn-sign.crt").read_bytes()
        # The provider's side: it signs, and encrypts to the gateway.
        self.sender = Organization(as2_name=SENDER_AS2, sign_key=provider_sign)
        self.receiver_at_sender = Partner(
            as2_name=RECEIVER_AS2,
            encrypt_cert=(gateway / "enc.crt").read_bytes(),
            encrypt_cert_ca=ca,
            verify_cert=mdn_cert,
            verify_cert_ca=ca,
            sign=True,
            digest_alg=DIGEST_ALG,
            encrypt=True,
            enc_alg=ENC_ALG,
            mdn_mode="SYNC",
            mdn_digest_alg=DIGEST_ALG,
        )
        # The gateway's side: it decrypts, checks the provider's signature and certificate
        # (against the dev CA), and signs the MDN.
        self.receiver = Organization(
            as2_name=RECEIVER_AS2, decrypt_key=gateway_enc, sign_key=mdn_sign
        )
        self.sender_at_receiver = Partner(
            as2_name=SENDER_AS2,
            verify_cert=(provider / "sign.crt").read_bytes(),
            verify_cert_ca=ca,
            sign=True,
            encrypt=True,
            validate_certs=True,
        )

    def find_org_partner(self, org_id: str, partner_id: str) -> tuple[Any, Any]:
        org = self.receiver if org_id == RECEIVER_AS2 else None
        partner = self.sender_at_receiver if partner_id == SENDER_AS2 else None
        return org, partner

    def build(self, payload: bytes) -> tuple[Any, bytes]:
        """A signed, encrypted message asking for a signed MDN: (Message, raw bytes as
        received, i.e. the HTTP headers then the body)."""
        from pyas2lib import Message

        message = Message(self.sender, self.receiver_at_sender)
        message.build(payload, content_type="application/xml", filename="meerzorgplan.xml")
        return message, message.headers_str + b"\r\n" + message.content


def receive(parties: Parties, raw: bytes) -> tuple[Any, str, Any, bytes]:
    """What the timed loop does for one message: parse (decrypt, verify, MDN) and the MDN
    serialised for the HTTP response. Returns (message, status, exception, MDN bytes)."""
    from pyas2lib import Message

    message = Message()
    status, (exception, _trace), mdn = message.parse(
        raw, find_org_partner_cb=parties.find_org_partner
    )
    return message, status, exception, mdn.headers_str + b"\r\n" + mdn.content


def _content_cipher(sent: Any) -> str:
    """The content-encryption algorithm of a built message's CMS EnvelopedData."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(sent.payload.get_payload(decode=True))
    algorithm: str = info["content"]["encrypted_content_info"]["content_encryption_algorithm"][
        "algorithm"
    ].native
    return algorithm


def check_round_trip(parties: Parties, payload: bytes) -> dict[str, Any]:
    """One message end to end, checked; RuntimeError on any mismatch, so a broken setup
    is never timed."""
    from pyas2lib import Mdn

    sent, raw = parties.build(payload)
    got, status, exception, mdn_raw = receive(parties, raw)
    problems = []
    if status != "processed" or exception is not None:
        problems.append(f"status {status!r}, exception {exception!r}")
    # S/MIME canonicalises a text payload's line endings to CRLF before signing.
    if got.payload.get_payload(decode=True) != payload.replace(b"\n", b"\r\n"):
        problems.append("the payload did not round-trip")
    # pyas2-lib reports the cipher only for 3DES: read it from the CMS that was sent.
    cipher = _content_cipher(sent)
    if not (got.encrypted and got.signed) or cipher != "aes256_cbc":
        problems.append(f"encrypted {got.encrypted} ({cipher}), signed {got.signed}")
    if got.digest_alg != DIGEST_ALG or got.mic != sent.mic:
        problems.append(f"MIC {got.mic!r} ({got.digest_alg}) != {sent.mic!r}")
    if b"multipart/signed" not in mdn_raw:
        problems.append("the MDN is not signed")
    mdn_status, mdn_detail = Mdn().parse(mdn_raw, find_message_cb=lambda _id, _to: sent)
    if mdn_status != "processed":
        problems.append(f"MDN status {mdn_status!r} ({mdn_detail!r})")
    if problems:
        raise RuntimeError("pyas2-lib round trip failed: " + "; ".join(problems))
    return {
        "message_bytes": len(raw),
        "mdn_bytes": len(mdn_raw),
        "mdn_status": mdn_status,
        "enc_alg": ENC_ALG,
        "digest_alg": got.digest_alg,
    }


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank, as bench.pipeline.percentile (which this process cannot import)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run(root: Path, payload: bytes, count: int, rsa_bits: int) -> dict[str, Any]:
    """The measurement itself, in the peer environment's fresh process (see ``measure``)."""
    info = import_pyas2lib()
    parties = Parties(root)
    checked = check_round_trip(parties, payload)
    raws = [parties.build(payload)[1] for _ in range(WARMUP + count)]
    for raw in raws[:WARMUP]:
        receive(parties, raw)
    times: list[float] = []
    statuses: dict[str, int] = {}
    cpu = time.process_time()
    for raw in raws[WARMUP:]:
        started = time.perf_counter()
        _message, status, _exception, _mdn = receive(parties, raw)
        times.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    cpu = time.process_time() - cpu
    return (
        info
        | checked
        | {
            "payload_bytes": len(payload),
            "messages": count,
            "mean_ms": statistics.fmean(times) * 1000,
            "p50_ms": _percentile(times, 50) * 1000,
            "p99_ms": _percentile(times, 99) * 1000,
            "cpu_ms": cpu / count * 1000,
            "statuses": statuses,
            "key_encryption": "rsaes_pkcs1v15",
            "signature": "rsassa_pkcs1v15",
            "rsa_bits": rsa_bits,
        }
    )


def peer_python() -> str | None:
    """The Python that has pyas2-lib: ``BENCH_PEER_PYTHON``, else ``.venv-peer``'s, else this
    one if pyas2-lib happens to be installed here; None when there is none."""
    chosen = os.environ.get("BENCH_PEER_PYTHON")
    if chosen:
        return chosen
    venv = PEER_VENV / "bin" / "python"
    if venv.exists():
        return str(venv)
    return sys.executable if importlib.util.find_spec("pyas2lib") is not None else None


def measure(pki: BenchPki, payload_bytes: int, count: int) -> dict[str, Any]:
    """``run`` in a fresh process of the peer environment, on the bench's PKI and payload;
    ``{"error": ...}`` when pyas2-lib is missing or fails, never an exception."""
    from bench.fixtures import payload_of_size

    python = peer_python()
    if python is None:
        return {
            "error": "pyas2-lib not installed: `make bench` makes .venv-peer "
            "from bench/peer-requirements.txt"
        }
    issue_mdn_signing(pki)
    payload_file = pki.root / "as2" / f"payload-{payload_bytes}.bin"
    payload_file.write_bytes(payload_of_size(payload_bytes))
    args = [str(pki.root), str(payload_file), str(count), str(pki.rsa_bits)]
    try:
        done = subprocess.run(
            [python, "-m", "bench.peer_pyas2", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return {"error": f"{python}: {exc}"}
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-800:]}"}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    root, payload_file, count, bits = sys.argv[1:5]
    result = run(Path(root), Path(payload_file).read_bytes(), int(count), int(bits))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
