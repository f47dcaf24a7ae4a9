"""``python -m mockint`` is the same as the ``mockint`` command."""

import sys

from mockint.cli import main

sys.exit(main())
