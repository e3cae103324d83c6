"""`python -m goo_lsp` runs the `goo` command line."""

import sys

from .cli import main

sys.exit(main())
