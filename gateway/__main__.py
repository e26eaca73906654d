"""``python -m gateway`` is the ``meerzorg-gateway`` command."""

import sys

from gateway.cli import main

sys.exit(main())
