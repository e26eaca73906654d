"""A stand-in for one ``serve`` worker in the supervisor's tests (tests/unit/test_workers.py).

``fake_worker.py PORT_FILE DELAY LOG``: waits DELAY seconds, as a worker does while it
starts (with the default SIGHUP action, which ends the process), then installs its
handlers, announces "0 0" in PORT_FILE and runs until SIGTERM. Every SIGHUP it handles
appends a line "hup PID" to LOG.
"""

import os
import signal
import sys
import time
from pathlib import Path


def main() -> None:
    port_file, delay, log = Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
    time.sleep(delay)

    def on_hup(_signum: int, _frame: object) -> None:
        with log.open("a") as f:
            f.write(f"hup {os.getpid()}\n")

    signal.signal(signal.SIGHUP, on_hup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port_file.write_text("0 0\n")
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
