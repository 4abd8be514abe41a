"""Lists TF 1.15's Python gradient registry from its source: op types with a registered gradient
function (`@ops.RegisterGradient("X")`) and those declared NotDifferentiable / NoGradient; writes
tf115_gradient_registry.json. Any op type in neither list has no gradient (tf.gradients raises
LookupError when a gradient reaches it).

Command (from this directory; the argument is an unpacked TF 1.15 wheel's tensorflow_core):
  python3 make_tf115_gradient_registry.py /tmp/tf115/tensorflow_core
"""
import json
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/tf115/tensorflow_core"
GRAD = re.compile(r"RegisterGradient\(\s*[\"'](\w+)[\"']")
NODIFF = re.compile(r"(?:NotDifferentiable|NoGradient|no_gradient)\(\s*[\"'](\w+)[\"']")

grad, nodiff = set(), set()
for d, _, files in os.walk(ROOT):
    for f in files:
        if f.endswith(".py"):
            src = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
            grad.update(GRAD.findall(src))
            nodiff.update(NODIFF.findall(src))
out = {"gradient": sorted(grad), "not_differentiable": sorted(nodiff - grad)}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf115_gradient_registry.json"), "w") as f:
    json.dump(out, f, indent=0)
print(len(grad), "with gradient,", len(out["not_differentiable"]), "not differentiable")
