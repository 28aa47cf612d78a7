"""``python -m loaders.generate OUT [--scale demo|city|province] [--seed N]``."""

from loaders.generate.entry import _main

raise SystemExit(_main())
