"""Records TF's `tf.compat.v1.saved_model` constants (tag, signature and layout names, at the top
of the namespace and in their modules) and the public names of its modules, as JSON in
tf_names.json.

Command (from the repository root):
    cd tests/golden/saved_model && TF_CPP_MIN_LOG_LEVEL=2 /opt/tfvenv/bin/python dump_tf_names.py \
        > tf_names.json
"""
import json

import tensorflow.compat.v1 as tf

sm = tf.saved_model
out = {"top": {n: getattr(sm, n) for n in dir(sm) if isinstance(getattr(sm, n), (str, int))
               and not n.startswith("_")}}
for mod in ("tag_constants", "signature_constants", "constants", "utils", "signature_def_utils",
            "loader", "builder", "main_op"):
    m = getattr(sm, mod)
    out[mod] = {n: (getattr(m, n) if isinstance(getattr(m, n), (str, int)) else "<callable>")
                for n in dir(m) if not n.startswith("_")}
print(json.dumps(out, indent=1, sort_keys=True))
