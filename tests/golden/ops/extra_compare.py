"""Comparison of an extra_cases_util record (tf1) with its golden (real TF): static dtypes and
shapes exactly, integer/bool/string values exactly, float values to a tolerance."""
import numpy as np


def assert_record_matches(ours, gold, rtol=1e-5, atol=1e-6, path="case"):
    if isinstance(gold, dict) and "dtype" in gold and "value" in gold:
        assert ours["dtype"] == gold["dtype"], (path, ours["dtype"], gold["dtype"])
        assert ours["shape"] == gold["shape"], (path, ours["shape"], gold["shape"])
        if gold["dtype"].startswith("float"):
            o = np.array([np.nan if v is None else v for v in ours["value"]], np.float64)
            g = np.array([np.nan if v is None else v for v in gold["value"]], np.float64)
            np.testing.assert_allclose(o, g, rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
        else:
            assert ours["value"] == gold["value"], (path, ours["value"], gold["value"])
    elif isinstance(gold, dict):
        assert sorted(ours) == sorted(gold), (path, sorted(ours), sorted(gold))
        for k in gold:
            assert_record_matches(ours[k], gold[k], rtol, atol, path + "." + k)
    elif isinstance(gold, list):
        assert len(ours) == len(gold), path
        for i, (o, g) in enumerate(zip(ours, gold)):
            assert_record_matches(o, g, rtol, atol, "%s[%d]" % (path, i))
    else:
        assert ours == gold, (path, ours, gold)
