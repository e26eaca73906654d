"""Receive one envelope: ontvangstcontrole, ketencontrole, store, receipt.

The order follows pyas2-lib's ``Message.parse``: identify the partner, enforce
policy, decrypt, verify, then build the receipt. Cheap checks come before any
private-key operation; every refusal is an exception carrying its code, turned
into a signed rejection in one place (``_reject``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

import structlog
from cryptography import x509
from lxml import etree

from gateway.domain.envelope import (
    Kop,
    as_signed,
    check_berichtkop_matches,
    check_document_header_matches,
    check_time_window,
)
from gateway.domain.errors import (
    AddresseeWrongRole,
    AnswerIncomplete,
    AnswerUnknown,
    ContentRejected,
    EnvelopeInvalid,
    ForbiddenMarkup,
    GatewayError,
    KopMismatch,
    NoRoute,
    RoleMayNotSend,
    SenderMismatch,
    SignerNotTrusted,
    StoreUnavailable,
    TraceerIdConflict,
    UnknownMessageType,
)
from gateway.domain.meldingen import Ernst, Melding, has_fout
from gateway.domain.participants import Participant, PartyCode, party_code_for
from gateway.domain.receipts import Soort, Status
from gateway.messagetypes import MessageType
from gateway.ports import (
    Caller,
    Event,
    EventKind,
    ExchangeStore,
    NewMessage,
    StageObserver,
    StoredMessage,
    StoredReceipt,
    message_event,
)
from gateway.security import xmlenc
from gateway.security.xmldsig import verify_document
from gateway.security.xmlparse import parse_untrusted
from gateway.services.context import GatewayContext
from gateway.services.receipts import issue_receipt
from gateway.xmlcodec import (
    EnvelopeFeed,
    berichtkop_as_written,
    parse_berichtkop,
    parse_envelope,
    render_envelope_pieces,
)

log = structlog.get_logger("gateway.receive")


class PayloadNotWellFormed(GatewayError):
    code = "GW301"
    omschrijving = "De ontsleutelde inhoud is geen well-formed XML-document."


class PayloadTooDeep(GatewayError):
    """The decrypted payload nests deeper than xmlparse.MAX_DEPTH: rejected content (422
    with a signed receipt), not the envelope's GW101/400 that check_depth raises."""

    code = "GW301"
    omschrijving = "De ontsleutelde inhoud is te diep genest."


class PayloadForbiddenMarkup(ForbiddenMarkup):
    """GW102 inside the decrypted payload: the envelope was usable, the content is
    rejected (protocol 3: 422 with a signed receipt, not the envelope's 400)."""

    http_status = 422


@dataclass(frozen=True)
class ReceiveOutcome:
    """What the handler sends back and logs (never payload content)."""

    http_status: int
    receipt_xml: bytes
    code: str  # "GW000" for a clean acceptance, else the first decisive code
    kop: Kop
    meldingen: tuple[Melding, ...] = ()
    inbox: str | None = None
    bsn_pseudonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Checked:
    """Result of the CPU-bound part: a delivery envelope, its receipt and the remarks."""

    delivery_envelope: bytes
    receipt: StoredReceipt
    warnings: tuple[Melding, ...]
    bsn_pseudonyms: tuple[str, ...] = ()
    bericht_identificatie: str | None = None  # a standard's own identification (iWlz)
    traceer_id_as_written: str | None = None  # the signed text, where not the key itself


# Bodies up to this size are kept and parsed whole; past it the envelope is parsed as it
# arrives (EnvelopeFeed), so a large body is never held beside its decoded ciphertext.
# Below it streaming would save little memory and cost CPU on every ordinary message.
STREAM_FROM = 1 << 20


class EnvelopeIntake:
    """A request body, chunk by chunk as it arrives: a small one is kept whole (parsed by
    :func:`receive_message` as ever); once more than ``stream_from`` bytes have come, what
    came is handed to an :class:`EnvelopeFeed` and every later chunk goes straight there.
    Parse errors wait for :func:`receive_message`, so a caller still enforces its body
    limit and timeout on the whole body first, as for a small one."""

    def __init__(self, stream_from: int | None = None) -> None:
        self._chunks: list[bytes] = []
        self._buffered = 0
        self._stream_from = STREAM_FROM if stream_from is None else stream_from
        self._feed: EnvelopeFeed | None = None

    def feed(self, chunk: bytes) -> None:
        if self._feed is not None:
            self._feed.feed(chunk)
            return
        self._chunks.append(chunk)
        self._buffered += len(chunk)
        if self._buffered > self._stream_from:
            self._feed = EnvelopeFeed()
            head = b"".join(self._chunks)
            self._chunks.clear()
            self._feed.feed(head)

    def finish(self) -> bytes | EnvelopeFeed:
        """The whole body, or the feed that parsed it; the intake lets go of either."""
        if self._feed is not None:
            feed, self._feed = self._feed, None
            return feed
        body = b"".join(self._chunks)
        self._chunks.clear()
        return body


@contextmanager
def timed(stages: StageObserver, stage: str) -> Iterator[None]:
    """Report how long a pipeline stage took (decrypt, verify, validate, ...)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        stages.observe(stage, time.perf_counter() - started)


async def receive_message(
    ctx: GatewayContext[ExchangeStore],
    caller: Caller,
    client: Participant,
    body: bytes | EnvelopeFeed,
) -> ReceiveOutcome:
    """Run protocol v1's checks on ``body`` from the authenticated participant ``client``
    (a provider, or a concessiehouder sending a type its role may send).

    Raises GatewayError only before a usable envelope exists (GW101/GW102:
    plain error body); from then on every outcome is a signed receipt.
    Raises StoreUnavailable when nothing could be durably stored (503).
    Every outcome is emitted as an Event before the answer goes out.
    The caller should hold no other reference to ``body``: it is let go once parsed.
    ``body`` is the envelope's bytes, or the :class:`EnvelopeFeed` that has parsed them as
    they arrived (:class:`EnvelopeIntake`); both give the same outcome.
    """
    now = ctx.clock.now()
    streamed = None
    try:
        if isinstance(body, EnvelopeFeed):
            try:
                streamed = body.close(ctx.message_types.envelope_schema)
            finally:
                ctx.stages.observe("parse", body.seconds)
            kop, encrypted = streamed.kop, streamed.encrypted
            digest, size = streamed.digest, streamed.size
        else:
            digest = hashlib.sha256(body).digest()
            size = len(body)
            with timed(ctx.stages, "parse"):
                kop, encrypted = parse_envelope(body, ctx.message_types.envelope_schema)[1:]
    except GatewayError as exc:
        await ctx.events.emit(Event(EventKind.REJECTED, exc.code, now, caller))
        raise
    finally:
        del body  # the tree holds what is still needed; a large body is not kept twice
    cipher = streamed.cipher_value if streamed is not None else None
    del streamed
    outcome = await _receive_parsed(ctx, client, kop, encrypted, digest, now, size, cipher)
    kind = {200: EventKind.DUPLICATE, 202: EventKind.RECEIVED}.get(
        outcome.http_status, EventKind.REJECTED
    )
    await ctx.events.emit(
        message_event(
            kind,
            outcome.code,
            now,
            caller,
            kop,
            inbox=outcome.inbox,
            bsn_pseudonyms=outcome.bsn_pseudonyms,
        )
    )
    return outcome


async def _receive_parsed(
    ctx: GatewayContext[ExchangeStore],
    client: Participant,
    kop: Kop,
    encrypted: etree._Element,
    digest: bytes,
    now: datetime,
    size: int,
    cipher: xmlenc.CipherValueSink | None = None,
) -> ReceiveOutcome:
    try:
        existing = await _ontvangstcontrole(ctx, client, kop, digest)
        if existing is not None:
            return await _duplicate(ctx, kop, existing)
        message_type = _message_type(ctx, kop)
        if client.role is not message_type.afzender_rol:
            raise RoleMayNotSend()
        check_time_window(
            kop.aanmaaktijdstip,
            now,
            max_age=ctx.settings.max_age,
            max_future=ctx.settings.max_future,
        )
        inbox = ctx.snapshot.registry.route(kop.geadresseerde)
        if inbox is None:
            raise NoRoute()
        if inbox.role is not message_type.ontvanger_rol:
            raise AddresseeWrongRole()
        await _check_answer(ctx, client, kop, message_type, inbox)
        recipient = ctx.delivery_certificate(inbox, now)
        if recipient is None:
            # Configured but without a usable encryption certificate: cannot deliver.
            raise NoRoute("Geadresseerde heeft geen geldig versleutelcertificaat.")
        try:
            checked = await ctx.cpu.run(
                _lane_size(ctx, message_type, size),
                _ketencontrole,
                ctx,
                client,
                kop,
                digest,
                encrypted,
                message_type,
                recipient,
                now,
                cipher,
            )
        except _ReadableRejection as rejected:
            return await _reject(
                ctx, client, kop, digest, rejected.error, now, rejected.bsn_pseudonyms
            )
        receipt = checked.receipt
        message = NewMessage(
            traceer_id=kop.traceer_id,
            sender=client.id,
            afzender=kop.afzender,
            inbox=inbox.id,
            geadresseerde=kop.geadresseerde,
            bericht_type=kop.bericht_type,
            bericht_versie=kop.bericht_versie,
            envelope_digest=digest,
            delivery_envelope=checked.delivery_envelope,
            delivery_sha256=hashlib.sha256(checked.delivery_envelope).digest(),
            received_at=now,
            conversatie_id=kop.conversatie_id,
            bsn_pseudonyms=checked.bsn_pseudonyms,
            bericht_identificatie=checked.bericht_identificatie,
            traceer_id_as_written=checked.traceer_id_as_written,
        )
        with timed(ctx.stages, "store"):
            raced = await ctx.store.accept(message, receipt)
        if raced is not None:
            # Another request stored this TraceerId first; answer as for a duplicate.
            if raced.sender == client.id and raced.envelope_digest == digest:
                return await _duplicate(ctx, kop, raced)
            raise TraceerIdConflict()
        code = checked.warnings[0].code if checked.warnings else "GW000"
        return ReceiveOutcome(
            202,
            receipt.xml,
            code,
            kop,
            checked.warnings,
            inbox=inbox.id,
            bsn_pseudonyms=checked.bsn_pseudonyms,
        )
    except GatewayError as exc:
        return await _reject(ctx, client, kop, digest, exc, now)


async def _ontvangstcontrole(
    ctx: GatewayContext[ExchangeStore], client: Participant, kop: Kop, digest: bytes
) -> StoredMessage | None:
    """Sender binding and duplicates; returns the stored message for a true duplicate."""
    if party_code_for(kop.afzender) not in {PartyCode(client.party_kind, c) for c in client.codes}:
        raise SenderMismatch()
    existing = await ctx.store.find_message(kop.traceer_id)
    if existing is None:
        return None
    if existing.sender == client.id and existing.envelope_digest == digest:
        return existing
    raise TraceerIdConflict()


async def _check_answer(
    ctx: GatewayContext[ExchangeStore],
    client: Participant,
    kop: Kop,
    message_type: MessageType,
    addressee: Participant,
) -> None:
    """GW503/GW504: an AlsAntwoordOp names a message the sender received.

    Any type: the named message was delivered to the sender's inbox and, when the Kop
    names a ConversatieId, belongs to that conversation. A type that answers others
    (registry ``antwoord_op``) needs both fields, and the named message must be of a
    type it answers, sent by the Geadresseerde: an answer goes back the way the
    question came. One code for every failure (no oracle on other participants' ids).
    """
    if message_type.antwoord_op and (kop.conversatie_id is None or kop.als_antwoord_op is None):
        raise AnswerIncomplete()
    if kop.als_antwoord_op is None:
        return
    original = await ctx.store.find_message(kop.als_antwoord_op)
    if original is None or original.inbox != client.id:
        raise AnswerUnknown()
    if kop.conversatie_id is not None and original.conversation != kop.conversatie_id:
        raise AnswerUnknown()
    if message_type.antwoord_op and (
        original.sender != addressee.id or original.bericht_type not in message_type.antwoord_op
    ):
        raise AnswerUnknown()


async def _duplicate(
    ctx: GatewayContext[ExchangeStore], kop: Kop, existing: StoredMessage
) -> ReceiveOutcome:
    xml = await ctx.store.get_receipt_xml(existing.receipt_id)
    if xml is None:  # the receipt is stored in the same transaction as the message
        raise StoreUnavailable("receipt of an accepted message is missing")
    return ReceiveOutcome(200, xml, "GW000", kop)


def _message_type(ctx: GatewayContext[ExchangeStore], kop: Kop) -> MessageType:
    message_type = ctx.message_types.get(kop.bericht_type, kop.bericht_versie)
    if message_type is None:
        raise UnknownMessageType()
    return message_type


def _lane_size(ctx: GatewayContext[ExchangeStore], message_type: MessageType, size: int) -> int:
    """The size that picks the CPU lane: a type with an XSLT rule set goes to the large
    lane (its cost grows quadratically with the clients), so small messages of the other
    types keep flowing on the ordinary lane."""
    standard = message_type.standard
    if standard is not None and standard.rule_set is not None:
        return max(size, ctx.cpu.large_from)
    return size


def _ketencontrole(
    ctx: GatewayContext[ExchangeStore],
    client: Participant,
    kop: Kop,
    digest: bytes,
    encrypted: etree._Element,
    message_type: MessageType,
    recipient: x509.Certificate,
    now: datetime,
    cipher: xmlenc.CipherValueSink | None = None,
) -> _Checked:
    """The CPU-bound part, in one worker-thread call: decrypt, verify, compare, validate,
    re-encrypt, and sign the acceptance receipt. ``cipher`` holds a streamed envelope's
    ciphertext, which the decryption turns into the plaintext in place."""
    stages = ctx.stages
    with timed(stages, "decrypt"):
        # consume: the envelope's CipherValue text is not needed again; free it now.
        plaintext = xmlenc.decrypt_encrypted_data(
            encrypted, ctx.decryption_keys, consume=True, streamed=cipher
        )
        del cipher
    with timed(stages, "verify"):
        try:
            payload = parse_untrusted(plaintext, malformed=PayloadNotWellFormed)
        except ForbiddenMarkup as exc:
            raise PayloadForbiddenMarkup() from exc
        except EnvelopeInvalid as exc:  # check_depth's error is the envelope's; not here
            raise PayloadTooDeep() from exc
        verified = verify_document(payload, ctx.snapshot.trust, now=now)
        del payload  # the sender's tree; from here on only what was signed
        if verified.party != party_code_for(kop.afzender):
            raise SignerNotTrusted()
    pseudonyms = _pseudonyms(ctx, message_type, verified.root)
    with timed(stages, "validate"):
        try:
            if verified.root.tag != message_type.root_tag:
                raise KopMismatch(
                    "Het ondertekende document is niet van het opgegeven BerichtType."
                )
            identificatie = None
            if message_type.standard is not None:
                # The standard's own document: the Kop repeats its Header (no Berichtkop).
                header = message_type.standard.read_header(verified.root)
                check_document_header_matches(kop, header)
                identificatie = header.identificatie or None
            else:
                check_berichtkop_matches(kop, parse_berichtkop(verified.root))
                # The delivery Kop repeats the signed text (protocol 5.1: "must equal").
                kop = as_signed(kop, berichtkop_as_written(verified.root))
            meldingen = tuple(message_type.validate(verified.root, received_at=now))
            if has_fout(meldingen):
                raise ContentRejected(meldingen)
        except GatewayError as exc:
            raise _ReadableRejection(exc, pseudonyms) from exc
    del verified  # the signed tree is checked; only the plaintext bytes go on
    with timed(stages, "encrypt"):
        # Encrypted, base64-encoded and written in steps: never all three at once.
        sealed = xmlenc.encrypt_parts(
            plaintext,
            recipient,
            key_transport=ctx.settings.delivery_key_transport,
            content_algorithm=ctx.settings.delivery_content_encryption,
        )
        delivery = render_envelope_pieces(
            replace(kop, ontvangsttijdstip=now),
            sealed.element,
            sealed.cipher_value,
            xmlenc.b64encode_pieces(sealed.octets),
        )
    warnings = tuple(m for m in meldingen if m.ernst is Ernst.WAARSCHUWING)
    with timed(stages, "receipt"):
        receipt = _sign_ontvangstbevestiging(
            ctx, client, kop, digest, now, Status.GEACCEPTEERD, warnings
        )
    written = kop.written.traceer_id if kop.written else None
    return _Checked(
        delivery,
        receipt,
        warnings,
        pseudonyms,
        identificatie,
        written if written != kop.traceer_id else None,
    )


class _ReadableRejection(Exception):
    """A refusal of a verified payload, with the pseudonyms of the clients it names."""

    def __init__(self, error: GatewayError, bsn_pseudonyms: tuple[str, ...]) -> None:
        super().__init__(error.code)
        self.error = error
        self.bsn_pseudonyms = bsn_pseudonyms


def _pseudonyms(
    ctx: GatewayContext[ExchangeStore], message_type: MessageType, root: etree._Element
) -> tuple[str, ...]:
    """Keyed pseudonyms of the BSNs in a signed payload (NEN 7513); never the BSNs."""
    if ctx.pseudonymizer is None:
        return ()
    return ctx.pseudonymizer.pseudonyms(message_type.bsns(root))


def _sign_ontvangstbevestiging(
    ctx: GatewayContext[ExchangeStore],
    client: Participant,
    kop: Kop,
    digest: bytes,
    now: datetime,
    status: Status,
    meldingen: tuple[Melding, ...],
) -> StoredReceipt:
    """Sign the Ontvangstbevestiging for an envelope (CPU-bound: call it off the loop)."""
    return issue_receipt(
        signer=ctx.signing_key,
        owner=client.id,
        soort=Soort.ONTVANGST,
        status=status,
        traceer_id=kop.traceer_id,
        afzender=kop.afzender,
        geadresseerde=kop.geadresseerde,
        digest=digest,
        now=now,
        meldingen=meldingen,
        traceer_id_as_written=kop.written.traceer_id if kop.written else None,
    )


async def _reject(
    ctx: GatewayContext[ExchangeStore],
    client: Participant,
    kop: Kop,
    digest: bytes,
    exc: GatewayError,
    now: datetime,
    bsn_pseudonyms: tuple[str, ...] = (),
) -> ReceiveOutcome:
    """Turn any refusal into a signed Ontvangstbevestiging with Status Afgekeurd."""
    receipt = await ctx.cpu.run(
        0,  # a receipt is small, whatever the message
        _sign_ontvangstbevestiging,
        ctx,
        client,
        kop,
        digest,
        now,
        Status.AFGEKEURD,
        exc.meldingen,
    )
    try:
        await ctx.store.record_rejection(receipt, exc.code)
    except StoreUnavailable:
        # The rejection stands without it; only the later listing misses it.
        log.warning("rejection_not_recorded", code=exc.code)
    return ReceiveOutcome(
        exc.http_status, receipt.xml, exc.code, kop, exc.meldingen, bsn_pseudonyms=bsn_pseudonyms
    )
