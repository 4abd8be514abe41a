import os
import sys

# Tests import their helpers as top-level packages (core.snippets, ...).
sys.path.insert(0, os.path.dirname(__file__))
