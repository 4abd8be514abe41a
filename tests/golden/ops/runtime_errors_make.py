"""Records runtime_errors_golden.json from real TensorFlow (tensorflow-cpu 2.21, compat.v1 graphs):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python tests/golden/ops/runtime_errors_make.py

TF 2.21 wraps a kernel's message as "Graph execution error: ... Node: 'X'\\n<message>\\n\\t[[...]]";
the golden keeps <message>. Two kernels changed their text after TF 1.15; the golden holds TF 1.15's
form, which tf1 prints (each string is in TF 1.15.0's _pywrap_tensorflow_internal.so):
- GatherNd: 2.21 appends ", node name: GatherNd"; 1.15 ends at the param shape.
- ConcatV2: 2.21 says "Dimension 1 in both shapes must be equal"; 1.15 "Dimensions of inputs should
  match" (same operands).
And two kernels changed behaviour (TF1_15_BEHAVIOUR, recorded in place of 2.21's outcome):
- Cholesky: 1.15's CPU kernel fails with "Cholesky decomposition was not successful. The input might
  not be valid." (OP_REQUIRES on Eigen's LLT info); 2.x fills the output with NaN and logs a warning.
- TruncateDiv on integers: 1.15 registers it with safe_div ("Integer division by zero"); 2.21's kernel
  reports an InternalError ("Unexpected error in binary operator ...").
- BatchMatMulV2 with unequal inner dimensions: 1.15's kernel says "In[0] mismatch In[1] shape: <d1> vs.
  <d2>: <shape0> <shape1> <adj_x> <adj_y>"; 2.21 routes it through MatMul's "Matrix size-incompatible"."""
import json
import os
import re
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtime_errors_cases as cases  # noqa: E402


def kernel_message(text):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Node: '"):
            return lines[i + 1]
    return lines[0]


def tf115_form(name, message):
    message = re.sub(r", node name: \S+$", "", message)
    m = re.match(r"ConcatOp : Dimension \d+ in both shapes must be equal: (.*)$", message)
    if m:
        message = "ConcatOp : Dimensions of inputs should match: " + m.group(1)
    return message


TF1_15_BEHAVIOUR = {
    "cholesky_not_positive_definite": ["InvalidArgumentError", "Cholesky decomposition was not successful. "
                                       "The input might not be valid."],
    "integer_truncatediv_by_zero": ["InvalidArgumentError", "Integer division by zero"],
    "batch_matmul_inner_dims": ["InvalidArgumentError", "In[0] mismatch In[1] shape: 3 vs. 4: [2,2,3] [2,4,5] 0 0"],
}

golden = {}
for case in cases.CASES:
    out = cases.run(tf, case, message=kernel_message)
    if "error" in out:
        tf2 = out["error"][1]
        out["error"][1] = tf115_form(case.__name__, tf2)
        if out["error"][1] != tf2:
            out["tf2_message"] = tf2
    if case.__name__ in TF1_15_BEHAVIOUR:
        out = {"error": TF1_15_BEHAVIOUR[case.__name__], "tf2_outcome": out}
    golden[case.__name__] = out
    print(case.__name__, out)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "runtime_errors_golden.json"), "w") as f:
    json.dump(golden, f, indent=1, sort_keys=True)
