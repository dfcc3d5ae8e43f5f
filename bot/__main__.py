"""``python -m bot`` is the same as ``coach``."""

import sys

from bot.cli import main

sys.exit(main())
