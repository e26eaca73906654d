"""structlog configured once: contextvars, level, ISO UTC time, JSON (pretty only on a TTY)."""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog

from gateway.domain.bsn import contains_bsn_like

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}


# Every key the gateway logs (tests/unit/test_log_scrubbing.py checks the code against it).
# Any other key is kept with its value replaced: a new field must be added here on purpose.
ALLOWED_LOG_KEYS = frozenset(
    {
        # structlog
        "event", "level", "timestamp", "logger", "exception",
        # the canonical request line (gateway/web/middlewares.py)
        "request_id", "method", "route", "status", "peer", "peer_ip", "duration_ms",
        "traceer_id", "bericht_type", "code", "count", "outcome",
        # other events
        "api_port", "ops_port", "pid", "message_types", "participants", "party", "reason", "crls",
        "fingerprint", "error", "seq", "head", "payloads", "expired", "metadata",
        # refused TLS handshakes (gateway/web/handshakes.py)
        "detail", "issuer", "repeated", "suppressed",
        "data_dir", "versions",  # store_created (gateway/bootstrap.py)
        # several processes (gateway/workers.py)
        "worker", "ops_ports", "retry_in_s",
        # a national standard's rule set failing on one message (gateway/messagetypes/)
        "stylesheet",
    }
)  # fmt: skip
REDACTED = "[redacted]"
BSN_MASK = "[bsn]"
_DIGIT_RUN_RE = re.compile(r"[0-9]+(?:[ .\-\u00a0\u2010-\u2015][0-9]+)*")


def mask_bsns(text: str) -> str:
    """Replace every digit run that holds an elfproef-valid 9-digit number."""
    return _DIGIT_RUN_RE.sub(
        lambda m: BSN_MASK if contains_bsn_like(m.group()) else m.group(), text
    )


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_bsns(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if not contains_bsn_like(str(value)) else BSN_MASK
    if isinstance(value, list | tuple):
        return [_scrub_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _scrub_value(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | float):
        return value
    return mask_bsns(str(value))


def _safe_exception(exc_info: Any) -> dict[str, Any]:
    """Type and stack of an exception, never its message (it may quote input)."""
    if exc_info is True:
        exc_info = sys.exc_info()
    exc = exc_info[1] if isinstance(exc_info, tuple) else exc_info
    if not isinstance(exc, BaseException):
        return {}
    chain: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    frames = [
        f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__)
    ]
    return {"types": chain, "frames": frames[-20:]}


def scrub_log_event(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Operator logs carry no client data: allow-listed keys only, BSN-like numbers masked."""
    exc_info = event_dict.pop("exc_info", None)
    event_dict.pop("exception", None)  # only our own rendering below
    event_dict.pop("stack", None)
    for key in list(event_dict):
        if key not in ALLOWED_LOG_KEYS:
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _scrub_value(event_dict[key])
    if exc_info:
        event_dict["exception"] = _safe_exception(exc_info)
    return event_dict


_PROCESS_FIELDS: dict[str, Any] = {}


def bind_process_fields(**fields: Any) -> None:
    """Fields every line of this process carries (``worker`` under ``serve --workers``);
    unlike contextvars they survive the per-request context reset."""
    _PROCESS_FIELDS.update(fields)


def _add_process_fields(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in _PROCESS_FIELDS.items():
        event_dict.setdefault(key, value)
    return event_dict


class LineWriter:
    """structlog's logger: each line in one ``write()`` to a text stream (WriteLogger's way).

    A line the stream refuses (a closed pipe, a full disk, a closed file) is counted and
    dropped, never raised into the code that logged: a request would get a 500 for it, a
    background task (the orphan check of a worker) would die. The count is exported as
    ``meerzorg_gateway_log_lines_dropped_total``.
    """

    _lock = threading.Lock()  # one for every instance: lines from threads stay whole
    dropped = 0

    def __init__(self, file: TextIO) -> None:
        self._file = file

    def msg(self, message: str) -> None:
        with self._lock:
            try:
                self._file.write(message + "\n")
                self._file.flush()
            except (OSError, ValueError):  # ValueError: I/O on a closed file
                LineWriter.dropped += 1

    log = debug = info = warn = warning = msg
    fatal = failure = err = error = critical = exception = msg


def dropped_log_lines() -> int:
    """Lines this process could not write to its log stream."""
    return LineWriter.dropped


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Set up structlog for the process; ``fmt`` is "json" or "console"."""
    renderer: Any
    if fmt == "console" and sys.stderr.isatty():
        renderer = structlog.dev.ConsoleRenderer()
    else:
        renderer = structlog.processors.JSONRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_process_fields,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            scrub_log_event,  # also renders exceptions (type and frames, no message)
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(_LEVELS.get(level, logging.INFO)),
        # One write() per line (LineWriter writes line and newline together; print()
        # writes them apart, and with PYTHONUNBUFFERED=1 another process's line then
        # lands in between: serve --workers share stderr). tests/unit/test_log_lines.py
        logger_factory=lambda *_args: LineWriter(sys.stderr),
        cache_logger_on_first_use=True,
    )
