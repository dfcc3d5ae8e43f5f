"""``python -m bot`` is the same as ``coach`` (whose entry point is ``coach.cli``)."""

import sys

from coach.cli import main

sys.exit(main())
