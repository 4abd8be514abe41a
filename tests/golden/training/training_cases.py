"""Scenarios for variable scopes, initializers, layers and losses, shared by the golden writer
(`make_training_goldens.py`, run with real TensorFlow) and the tests (run with tf1).

Each case is code run with `tf` bound to the implementation in a fresh default graph; it prints what
is compared: names, shapes, first lines of error messages, rounded values. Cases avoid the places where
TF 2.x's `tf.compat.v1` no longer builds TF 1.15's graph (AddV2 instead of Add, Tensordot via GatherV2,
the new dropout, fused batch norm reading the moving stats while training).
"""

SCOPE_CASES = {
    "get_variable_names": """
with tf.variable_scope("foo"):
    with tf.name_scope("bar"):
        v = tf.get_variable("v", [1])
        x = 1.0 + v
print(v.name, x.op.name)
print([o.name for o in tf.get_default_graph().get_operations()])
""",
    "reuse_errors": """
def mk():
    return tf.get_variable("v", [2, 3])
with tf.variable_scope("a"):
    mk()
for reuse, name, shape, dtype in [(None, "v", [2, 3], None), (True, "w", [1], None),
                                  (True, "v", [1], None), (True, "v", [2, 3], tf.int32)]:
    try:
        with tf.variable_scope("a", reuse=reuse):
            tf.get_variable(name, shape, dtype=dtype)
    except ValueError as e:
        print(str(e).splitlines()[0])
try:
    tf.get_variable("w", shape=[1], initializer=[.3])
except ValueError as e:
    print(e)
try:
    tf.get_variable("nos2", initializer=tf.constant(1.0), dtype=tf.int32)
except ValueError as e:
    print(e)
try:
    tf.variable_scope("x", reuse=3)
except ValueError as e:
    print(e)
try:
    with tf.variable_scope(None, reuse=True, default_name="q"):
        pass
except ValueError as e:
    print(e)
""",
    "auto_reuse_and_default_names": """
def mk():
    return tf.get_variable("v", [2, 3])
with tf.variable_scope("a", reuse=tf.AUTO_REUSE) as s:
    v1 = mk()
with tf.variable_scope("a", reuse=tf.AUTO_REUSE) as s2:
    print(s2.reuse, mk() is v1, tf.get_variable("z", [1]).name, s2.original_name_scope)
with tf.variable_scope(None, default_name="d"):
    with tf.variable_scope(None, default_name="e") as s: print(s.name, s.original_name_scope)
    with tf.variable_scope(None, default_name="e") as s: print(s.name, s.original_name_scope)
with tf.variable_scope(None, default_name="d") as d:
    print(d.name, d.original_name_scope)
    with tf.variable_scope(None, default_name="e") as s: print(s.name, s.original_name_scope)
with tf.variable_scope(d):
    with tf.variable_scope(None, default_name="e") as s:
        print(s.name, s.original_name_scope, tf.constant(1).name)
    print(tf.constant(1).name)
with tf.variable_scope(d, auxiliary_name_scope=False) as s2:
    print(s2.name, s2.original_name_scope, tf.constant(1).name)
with tf.name_scope("ns"):
    with tf.variable_scope("vs") as s:
        print(s.name, s.original_name_scope, tf.get_variable("q", [1], dtype=tf.int32).name)
    with tf.variable_scope(s):
        print(tf.constant(3).name)
print(repr(tf.get_variable_scope().name), tf.get_variable_scope().reuse)
""",
    "scope_inheritance": """
v = tf.get_local_variable("loc", [2])
print(v.name, [x.name for x in tf.local_variables()], v in tf.trainable_variables())
with tf.variable_scope("tt", initializer=tf.constant_initializer(3.0), dtype=tf.float64):
    a = tf.get_variable("a", [2])
    print(a.dtype, a.initializer.inputs[1].op.name)
    with tf.variable_scope("inner", reuse=True) as s:
        print(s.reuse, s.dtype)
        with tf.variable_scope("x") as s3:
            print(s3.reuse, s3.name)
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer(), trainable=False)
print([x.name for x in tf.global_variables()], [x.name for x in tf.trainable_variables()])
with tf.variable_scope("r", regularizer=lambda x: tf.reduce_sum(x) * 2.0):
    r = tf.get_variable("r", [3], initializer=tf.ones_initializer())
    r2 = tf.get_variable("r2", [3], regularizer=tf.no_regularizer)
losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
print([x.name for x in losses])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(a).tolist(), sess.run(losses))
""",
    "custom_getter_and_templates": """
def getter(getter, name, *args, **kwargs):
    print("getter", name, kwargs.get("trainable"), kwargs.get("reuse"))
    return getter(name + "_x", *args, **kwargs)
def getter2(getter, name, *args, **kwargs):
    print("getter2", name)
    return getter(name + "_y", *args, **kwargs)
with tf.variable_scope("cg", custom_getter=getter):
    with tf.variable_scope("in", custom_getter=getter2):
        v = tf.get_variable("v", [1])
print(v.name)
def f(x):
    w = tf.get_variable("w", [1], initializer=tf.ones_initializer())
    return x * w
t = tf.make_template("tmpl", f)
a = t(1.0); b = t(2.0)
print(a.name, b.name, [v.name for v in t.trainable_variables], t.variable_scope.name)
t2 = tf.make_template("tmpl", f)
print(t2(3.0).name, [v.name for v in t2.variables])
t3 = tf.make_template("tmpl", f, create_scope_now_=True)
print(t3(3.0).name, t3(1.).name, [v.name for v in t3.variables])
with tf.variable_scope("outer"):
    t4 = tf.make_template("tmpl", f)
    print(t4(1.0).name)
print(t4(1.0).name)
def bad(x):
    return x * tf.Variable(1.0)
t5 = tf.make_template("bad", bad)
t5(1.0)
try:
    t5(2.0)
except ValueError as e:
    print(str(e).splitlines()[0][:60])
""",
    "partitioned": """
p = tf.get_variable("p", [10, 3], partitioner=tf.fixed_size_partitioner(3))
print(type(p).__name__, [v.name for v in p], [v.get_shape().as_list() for v in p], p.get_shape())
pt = tf.convert_to_tensor(p)
print(pt.shape)
with tf.variable_scope("", reuse=True):
    print(len(list(tf.get_variable("p", [10, 3], partitioner=tf.fixed_size_partitioner(3)))))
""",
    "initializer_ops": """
inits = [("z", tf.zeros_initializer()), ("o", tf.ones_initializer()), ("c", tf.constant_initializer(0, 1)),
         ("c2", tf.constant_initializer([1., 2., 3., 4., 5., 6.])),
         ("ru", tf.random_uniform_initializer(-1, 1)), ("rn", tf.random_normal_initializer()),
         ("tn", tf.truncated_normal_initializer(stddev=0.1)), ("uus", tf.uniform_unit_scaling_initializer()),
         ("vs", tf.variance_scaling_initializer()),
         ("vsu", tf.variance_scaling_initializer(distribution="uniform", mode="fan_avg")),
         ("gu", tf.glorot_uniform_initializer()), ("gn", tf.glorot_normal_initializer()),
         ("orth", tf.orthogonal_initializer())]
vs = []
for n, i in inits:
    vs.append(tf.get_variable(n, [2, 3], initializer=i))
    print(n, [o.name for o in tf.get_default_graph().get_operations() if o.name.startswith(n + "/")])
iv = tf.get_variable("iv", [3], dtype=tf.int32)
bv = tf.get_variable("bv", [2], dtype=tf.bool)
print(iv.initial_value.op.name, bv.initial_value.op.name)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for (n, _), v in zip(inits, vs):
        if n in ("z", "o", "c", "c2"):
            print(n, s.run(v).tolist())
    print(s.run(iv).tolist(), s.run(bv).tolist())
""",
}

LAYER_CASES = {
    "dense_names": """
x = tf.placeholder(tf.float32, [None, 4])
y = tf.layers.dense(x, 3, activation=tf.nn.relu, kernel_regularizer=lambda w: tf.reduce_sum(w))
y2 = tf.layers.dense(y, 2, name="fc")
L = tf.layers.Dense(5)
a = L(x); b = L(x)
print(y, y2, a, b)
print([o.name for o in tf.get_default_graph().get_operations() if "Initializer" not in o.name])
print([v.name for v in tf.global_variables()])
print([v.name for v in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)])
print(L.trainable_weights == [L.kernel, L.bias], L.built)
try:
    tf.layers.dense(y, 2, name="fc")
except ValueError as e:
    print(str(e).splitlines()[0])
z = tf.layers.dense(y, 2, name="fc", reuse=True)
print(z.name, len(tf.global_variables()))
with tf.variable_scope("outer"):
    print(tf.layers.dense(x, 2).name, tf.layers.dense(x, 2, name="named").name)
print([v.name for v in tf.global_variables()][-4:])
x3 = tf.placeholder(tf.float32, [None, 7, 4])
print(tf.layers.dense(x3, 6).get_shape())
""",
    "conv_pool_names": """
x = tf.placeholder(tf.float32, [None, 8, 8, 3])
c = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
p = tf.layers.max_pooling2d(c, 2, 2)
ap = tf.layers.average_pooling2d(c, [3, 3], 1, padding="same")
f = tf.layers.flatten(p)
d2 = tf.layers.dropout(f, 0.5)
t = tf.layers.conv2d_transpose(c, 2, 3, strides=2, padding="same")
tv = tf.layers.conv2d_transpose(c, 2, 3, strides=2, padding="valid")
sc = tf.layers.separable_conv2d(x, 5, 3, depth_multiplier=2)
x1 = tf.placeholder(tf.float32, [None, 10, 3])
c1 = tf.layers.conv1d(x1, 5, 3)
p1 = tf.layers.average_pooling1d(c1, 2, 2)
m1 = tf.layers.max_pooling1d(c1, 3, 1, padding="same")
x5 = tf.placeholder(tf.float32, [None, 6, 6, 6, 2])
c3 = tf.layers.conv3d(x5, 3, 2, strides=2)
p3 = tf.layers.max_pooling3d(x5, 2, 2)
a3 = tf.layers.average_pooling3d(x5, 3, 3)
for t_ in (c, p, ap, f, d2, t, tv, sc, c1, p1, m1, c3, p3, a3):
    print(t_.name, t_.get_shape())
print([v.name + str(v.get_shape()) for v in tf.global_variables()])
""",
    "batch_norm_names": """
x = tf.placeholder(tf.float32, [None, 5])
bn = tf.layers.batch_normalization(x)
bt = tf.layers.batch_normalization(x, training=True, momentum=0.9)
print(bn.name, bt.name)
print([v.name for v in tf.global_variables()])
print([v.name for v in tf.trainable_variables()])
print([u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)])
print([o.name for o in tf.get_default_graph().get_operations() if o.name.startswith("batch_normalization_1/AssignMovingAvg")])
""",
    "layer_values": """
import numpy as np
tf.set_random_seed(0)
x = tf.placeholder_with_default(np.linspace(-1., 1., 24).reshape(2, 3, 4).astype(np.float32), [2, 3, 4])
ones = tf.ones_initializer()
d = tf.layers.dense(tf.reshape(x, [6, 4]), 3, kernel_initializer=tf.constant_initializer(0.1),
                    bias_initializer=tf.constant_initializer(0.2), activation="tanh")
d3 = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[1., 2.], [3., 4.], [5., 6.], [7., 8.]]))
c1 = tf.layers.conv1d(x, 2, 2, kernel_initializer=ones, padding="causal", dilation_rate=1)
c1v = tf.layers.conv1d(x, 2, 2, kernel_initializer=ones, strides=2)
img = tf.placeholder_with_default((np.arange(2 * 5 * 5 * 2, dtype=np.float32) / 10.0).reshape(2, 5, 5, 2), [2, 5, 5, 2])
c2 = tf.layers.conv2d(img, 3, 3, kernel_initializer=ones, bias_initializer=ones, padding="same")
c2t = tf.layers.conv2d_transpose(img, 1, 2, strides=2, kernel_initializer=ones)
mp = tf.layers.max_pooling2d(img, 2, 2, padding="same")
avg = tf.layers.average_pooling2d(img, 3, 2)
fl = tf.layers.flatten(img)
bn = tf.layers.batch_normalization(img, training=True)
bn2 = tf.layers.batch_normalization(tf.reshape(x, [6, 4]), training=True, center=False, scale=False)
bn_inf = tf.layers.batch_normalization(img, training=False, name="bninf")
updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    outs = s.run([d, d3, c1, c1v, c2, c2t, mp, avg, fl, bn, bn2, bn_inf])
    for o in outs:
        print(o.shape, np.round(o, 4).ravel()[:12].tolist(), round(float(o.sum()), 3) + 0.0)
    s.run(updates)
    for v in tf.global_variables():
        if "moving" in v.name:
            print(v.name, np.round(s.run(v), 5).tolist())
""",
    "dropout_values": """
import numpy as np
x = tf.placeholder_with_default(np.ones([1000, 10], np.float32), [1000, 10])
d = tf.layers.dropout(x, 0.3, training=True)
t = tf.placeholder(tf.bool, [])
dt = tf.layers.dropout(x, 0.3, training=t)
with tf.Session() as s:
    v, v0 = s.run([d, dt], {t: False})
    print(sorted(set(np.round(v, 4).ravel().tolist())), abs((v == 0).mean() - 0.3) < 0.03, v0.sum())
    v, v2 = s.run([d, dt], {t: True})
    print(abs((v2 == 0).mean() - 0.3) < 0.03)
""",
}

LOSS_CASES = {
    "losses": """
import numpy as np
rng = np.random.RandomState(0)
# placeholder_with_default keeps the inputs out of constant folding: one compiled run
def inp(v):
    return tf.placeholder_with_default(v, v.shape)
lab_np = rng.rand(4, 3).astype(np.float32)
lab = inp(lab_np); pred = inp(rng.rand(4, 3).astype(np.float32))
w = inp(np.array([[1.], [0.], [2.], [0.5]], np.float32))
onehot = inp(np.eye(3, dtype=np.float32)[[0, 2, 1, 1]])
logits = inp(rng.randn(4, 3).astype(np.float32))
R = tf.losses.Reduction
outs = [
 tf.losses.mean_squared_error(lab, pred),
 tf.losses.mean_squared_error(lab, pred, weights=w),
 tf.losses.mean_squared_error(lab, pred, weights=w, reduction=R.MEAN),
 tf.losses.mean_squared_error(lab, pred, weights=2.0, reduction=R.SUM),
 tf.losses.mean_squared_error(lab, pred, reduction=R.SUM_OVER_BATCH_SIZE),
 tf.losses.mean_squared_error(lab, pred, reduction=R.NONE, loss_collection=None),
 tf.losses.absolute_difference(lab, pred, weights=w),
 tf.losses.huber_loss(lab * 3, pred, delta=0.5),
 tf.losses.log_loss(lab, pred),
 tf.losses.hinge_loss(onehot, logits),
 tf.losses.cosine_distance(inp(lab_np / np.linalg.norm(lab_np, axis=1, keepdims=True)), pred, axis=1),
 tf.losses.softmax_cross_entropy(onehot, logits),
 tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.1, weights=w[:, 0]),
 tf.losses.sparse_softmax_cross_entropy(inp(np.array([0, 2, 1, 1])), logits),
 tf.losses.sparse_softmax_cross_entropy(inp(np.array([[0], [2], [1], [1]])), logits, weights=w),
 tf.losses.sigmoid_cross_entropy(onehot, logits, label_smoothing=0.2),
 tf.losses.mean_pairwise_squared_error(lab, pred),
]
print([o.name for o in outs])
print([t.name for t in tf.losses.get_losses()])
tot = tf.losses.get_total_loss()
print(tot.name, R.all())
with tf.Session() as s:
    for v in s.run(outs + [tot]):
        print(np.round(v, 5).tolist())
for bad in (np.ones([3, 3]), np.ones([3])):
    try:
        tf.losses.mean_squared_error(lab, pred, weights=inp(bad))
    except ValueError as e:
        print(str(e).split(" Received")[0].replace("],", "]"))
try:
    tf.losses.mean_squared_error(lab, pred, reduction="bogus")
except ValueError as e:
    print(str(e).split(" Key should")[0].rstrip("."))
""",
}

# Initializers whose values are random: compare their distribution, not their bits.
INIT_STATS = {
    "random_uniform": ("tf.random_uniform_initializer(-2, 3)", [200, 100]),
    "random_normal": ("tf.random_normal_initializer(1.0, 2.0)", [200, 100]),
    "truncated_normal": ("tf.truncated_normal_initializer(0.5, 0.2)", [200, 100]),
    "uniform_unit_scaling": ("tf.uniform_unit_scaling_initializer(1.5)", [200, 100]),
    "variance_scaling": ("tf.variance_scaling_initializer()", [200, 100]),
    "variance_scaling_conv_fan_out": ("tf.variance_scaling_initializer(2.0, 'fan_out', 'untruncated_normal')",
                                      [3, 3, 16, 32]),
    "glorot_uniform": ("tf.glorot_uniform_initializer()", [200, 100]),
    "glorot_normal": ("tf.glorot_normal_initializer()", [200, 100]),
    "orthogonal": ("tf.orthogonal_initializer(2.0)", [50, 80]),
    "default_float": (None, [200, 100]),
}
