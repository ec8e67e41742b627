import sys

from fastmi.cli import main

sys.exit(main())
