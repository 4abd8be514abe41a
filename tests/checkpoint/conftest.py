import os
import sys

import pytest

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "checkpoint")
sys.path.insert(0, GOLDEN)


@pytest.fixture
def golden():
    return GOLDEN
