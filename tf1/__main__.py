"""`python -m tf1 run SCRIPT` (same as the `tf1` command)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
