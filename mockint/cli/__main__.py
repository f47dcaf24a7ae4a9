"""``python -m mockint.cli``: the command line, as ``mockint``."""

import sys

from mockint.cli import main

sys.exit(main())
