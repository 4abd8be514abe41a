"""Small TF1 programs whose results are compared between tf1 and real TensorFlow.

Each snippet runs with `tf` bound to the implementation (tf1, or `tensorflow.compat.v1` for the
goldens: see tests/golden/core/make_core.py) in a fresh default graph and must set `result`.
Where TF 2.x's compat.v1 words something differently from TF 1.15, the snippet's entry in
TF115_OVERRIDES holds TF 1.15's text (TF 1.15 wins), with the TF 1.15 source it comes from.
"""

SNIPPETS = {
    # ---- reprs and names
    "tensor_str": "a = tf.constant([1.0, 2.0]); b = tf.constant(3.0); result = [str(a), str(a + b), repr(a), str(tf.placeholder(tf.float32))]",
    "variable_repr": "v = tf.Variable([1.0]); w = tf.Variable(tf.zeros([2, 3]), name='w'); result = [repr(v), repr(w), v.name, w.op.name, str(v.dtype), str(v.initial_value)]",
    "op_names_arith": "x = tf.constant(1.0); y = x + 1; z = 2 * y; q = z / 3; r = -q; s = abs(r); t = x ** 2; u = x // 2; result = [o.name for o in tf.get_default_graph().get_operations()]",
    "op_names_scopes": """
with tf.name_scope('a'):
    c = tf.constant(1, name='c')
    with tf.name_scope('b'):
        d = tf.add(c, c)
    with tf.name_scope('b'):
        e = tf.multiply(c, 2)
with tf.name_scope('a/'):
    f = tf.identity(c)
with tf.name_scope(None):
    g = tf.identity(c, name='G')
h = tf.constant(1, name='A')
result = [o.name for o in tf.get_default_graph().get_operations()]
""",
    "unique_names_case": "a = tf.constant(1, name='x'); b = tf.constant(1, name='X'); c = tf.constant(1, name='x'); result = [a.name, b.name, c.name]",
    "variable_op_names": "v = tf.Variable(1.0, name='v'); w = tf.Variable(tf.random_normal([2]), name='w'); init = tf.global_variables_initializer(); result = [o.name for o in tf.get_default_graph().get_operations()] + [init.type, [i.name for i in init.control_inputs]]",
    "random_names": "a = tf.random_normal([2, 3]); b = tf.random_uniform([2], 0, 10, dtype=tf.int32); c = tf.truncated_normal([1]); d = tf.random_uniform([3], -1.0, 1.0); result = [o.name for o in tf.get_default_graph().get_operations()]",
    "slicing_names_shapes": "x = tf.placeholder(tf.float32, [None, 4, 5]); r = [x[0], x[:, 1], x[..., 2], x[:, None, 1:3], x[::-1], x[1:, :, ::2]]; result = [(t.name, str(t.shape)) for t in r]",
    "shapes_static": "x = tf.placeholder(tf.float32, [None, 784]); w = tf.zeros([784, 10]); y = tf.matmul(x, w); s = tf.reduce_sum(y, 1, keep_dims=True); m = tf.reduce_mean(y); r = tf.reshape(x, [-1, 28, 28, 1]); t = tf.transpose(r); result = [str(t_.shape) for t_ in (y, s, m, r, t, tf.shape(x), tf.argmax(y, 1))] + [repr(y.shape), str(y.shape[0]), y.shape.as_list()]",
    # ---- values
    "values_arith": "a = tf.constant([[1., 2.], [3., 4.]]); b = tf.constant([[1], [2]]); sess = tf.Session(); result = sess.run([a + 1, a * a, a / 2, a // 3, a % 3, a ** 2, -a, tf.matmul(a, a), tf.reduce_sum(a, 0), tf.reduce_mean(a, axis=1, keepdims=True), tf.reduce_max(a), tf.argmax(a, 1), tf.cast(a, tf.int32), tf.constant(7) // 2, tf.constant(7) / 2, tf.constant(-7) % 3, tf.reduce_mean(tf.constant([1, 2])), a > 2, tf.equal(a, 2.)])",
    "values_stack_concat": "a = tf.constant([1, 2]); b = tf.constant([3, 4]); sess = tf.Session(); result = sess.run([tf.stack([a, b]), tf.stack([a, b], axis=1), tf.unstack(tf.stack([a, b])), tf.concat([a, b], 0), tf.expand_dims(a, 1), tf.squeeze(tf.constant([[1], [2]])), tf.fill([2, 2], 7), tf.zeros_like(a), tf.ones([2], tf.int64), tf.range(1, 7, 2), tf.shape(tf.zeros([3, 4])), tf.size(tf.zeros([3, 4])), tf.rank(tf.zeros([3, 4]))])",
    # ---- session semantics
    "fetch_structures": "a = tf.constant(1); b = tf.constant(2.0); sess = tf.Session(); import collections; P = collections.namedtuple('P', 'x y'); result = [sess.run({'a': a, 'b': [b, (a, b)]}), sess.run(P(a, b)), sess.run('Const:0'), sess.run(tf.no_op())]",
    "feed_variable_and_tensor": "x = tf.placeholder(tf.float32, [2]); v = tf.Variable([1.0, 2.0]); y = x * v; sess = tf.Session(); sess.run(tf.global_variables_initializer()); result = [sess.run(y, {x: [1, 1]}), sess.run(y, {x: [1, 1], v: [5., 5.]}), sess.run(y, {x: [2, 2], y: [9., 9.]})]",
    "assign_ops": "v = tf.Variable(1.0); a = tf.assign_add(v, 2.0); b = v.assign(10.0); c = tf.assign_sub(v, 1.0); sess = tf.Session(); sess.run(v.initializer); result = [sess.run(a), sess.run(a), sess.run(b), sess.run(c), sess.run(v)]",
    "control_dependencies_order": """
v = tf.Variable(0.0)
inc = tf.assign_add(v, 1.0)
with tf.control_dependencies([inc]):
    r = tf.identity(v)
with tf.control_dependencies([inc]):
    s = v + 0
sess = tf.Session(); sess.run(v.initializer)
result = [sess.run(r), sess.run(r), sess.run(s), sess.run(v)]
""",
    "report_uninitialized": "v = tf.Variable(1.0, name='v'); w = tf.Variable(2.0, name='w'); sess = tf.Session(); a = sess.run(tf.report_uninitialized_variables()); sess.run(v.initializer); result = [list(a), list(sess.run(tf.report_uninitialized_variables())), sess.run(tf.is_variable_initialized(v)), sess.run(tf.is_variable_initialized(w))]",
    "seeded_random_reproducible": "tf.set_random_seed(1); a = tf.random_uniform([3], seed=2); s1 = tf.Session(); x1 = s1.run(a); x2 = s1.run(a); s2 = tf.Session(); y1 = s2.run(a); result = [bool((x1 == y1).all()), bool((x1 == x2).all()), x1.shape, str(x1.dtype)]",
    "unseeded_random_differs": "a = tf.random_normal([5]); s = tf.Session(); result = [bool((s.run(a) != s.run(a)).any()), bool((tf.Session().run(a) != s.run(a)).any())]",
    # ---- gradients
    # a host op (Assert) between two compiled parts must not turn shape arithmetic into traced values
    "assert_then_shape_arith": """
x = tf.placeholder(tf.float32, [None, 4])
n = tf.shape(x)[0]
check = tf.assert_equal(n, 2)
with tf.control_dependencies([check]):
    y = tf.reshape(x, [n * 2, 2])
z = tf.fill([n, 3], 1.5)
sess = tf.Session()
ok = sess.run([y, z, n], {x: [[1, 2, 3, 4], [5, 6, 7, 8]]})
try:
    sess.run(y, {x: [[1, 2, 3, 4]] * 3})
    err = None
except tf.errors.InvalidArgumentError as e:
    err = [line for line in e.message.splitlines() if line.startswith('assertion failed')]
result = [ok, err]
""",
    # sizes that arrive in a feed (or through float arithmetic on a shape) still set shapes
    "fed_sizes_set_shapes": """
n = tf.placeholder(tf.int32, [])
x = tf.placeholder(tf.float32, [None, 4])
half = tf.cast(tf.cast(tf.shape(x)[0], tf.float32) * 0.5, tf.int32)
sess = tf.Session()
out = []
for k in (2, 3, 2):
    out.append(sess.run([tf.zeros([n, 3]), tf.reshape(tf.range(n * 2), [n, 2]), tf.ones([half, 2])],
                        {n: k, x: [[0.0] * 4] * (2 * k)}))
result = out
""",
    "zero_state_fed_batch_size": """
batch_size = tf.placeholder(tf.int32, [], name='batch_size')
x = tf.placeholder(tf.float32, [None, 3, 2])
cell = tf.nn.rnn_cell.LSTMCell(4, initializer=tf.constant_initializer(0.1))
outputs, state = tf.nn.dynamic_rnn(cell, x, initial_state=cell.zero_state(batch_size, tf.float32))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
feed = lambda b: {batch_size: b, x: [[[0.5, -1.0]] * 3] * b}
result = [sess.run([outputs, state.h], feed(2)), sess.run(outputs, feed(3))]
""",
    # multi-output ops come back as TF's generated namedtuples (printed as `TopKV2(values=..., ...)`)
    "op_namedtuples": """
x = tf.constant([[1., 5., 3.], [9., 2., 4.]])
outs = [tf.nn.top_k(x, 2), tf.unique([1, 2, 1]), tf.unique_with_counts([1, 2, 1]), tf.setdiff1d([1, 2, 3], [2]),
        tf.qr(tf.eye(2)), tf.linalg.lu(tf.eye(2)),
        tf.nn.max_pool_with_argmax(tf.ones([1, 2, 2, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'),
        tf.nn.log_uniform_candidate_sampler([[1]], 1, 2, True, 5), tf.nn.moments(x, [0])]
sess = tf.Session()
top = sess.run(outs[0])
result = [[type(o).__name__, list(getattr(o, '_fields', []))] for o in outs] + [type(top).__name__, top.indices]
""",
    # device functions (tf.device(fn), replica_device_setter) apply from the innermost entry out
    "device_functions": """
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    v = tf.Variable(1.0, name='v'); w = tf.Variable(2.0, name='w'); y = v + w
with tf.device('/job:worker'):
    with tf.device(lambda op: '/cpu:0' if op.type == 'Const' else ''):
        c = tf.constant(1.0); d = c * 2
result = [v.op.device, w.op.device, y.op.device, c.op.device, d.op.device]
""",
    # TF 1.15 builds tf.hessians as a while_loop over a TensorArray: x's shape need not be static
    "hessians_unknown_shape": """
x = tf.placeholder(tf.float32, [None, 3])
h = tf.hessians(tf.reduce_sum(tf.square(x) * x), x)[0]
sess = tf.Session()
result = [h.name, sess.run(h, {x: [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]]}).reshape(6, 6)]
""",
    "gradients_values": "x = tf.constant([1., 2., 3.]); w = tf.Variable([0.5, 0.5, 0.5]); y = tf.reduce_sum(tf.square(x * w)); g = tf.gradients(y, [w, x]); sess = tf.Session(); sess.run(w.initializer); result = sess.run(g)",
    "gradients_none_and_stop": "a = tf.Variable(1.0); b = tf.Variable(2.0); c = tf.stop_gradient(a * 2) * b; d = tf.constant(3.0); result = [g is None for g in tf.gradients(c, [a, b, d])]",
    "gradients_grad_ys_multi": "x = tf.Variable([1., 2.]); y1 = x * 2; y2 = x * x; g = tf.gradients([y1, y2], x, grad_ys=[tf.constant([1., 1.]), tf.constant([2., 3.])]); sess = tf.Session(); sess.run(x.initializer); result = sess.run(g)",
    "gradients_second_order": "x = tf.constant(3.0); y = x ** 3; g1 = tf.gradients(y, x)[0]; g2 = tf.gradients(g1, x)[0]; h = tf.hessians(tf.reduce_sum(tf.constant([1., 2.]) * tf.Variable([1., 1.]) ** 2), tf.trainable_variables()[0])[0]; sess = tf.Session(); sess.run(tf.global_variables_initializer()); result = sess.run([g1, g2, h])",
    "sgd_training": """
x = tf.placeholder(tf.float32, [None, 1]); y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable([[0.5]]); b = tf.Variable([0.1])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
gs = tf.Variable(0, trainable=False)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
sess = tf.Session(); sess.run(tf.global_variables_initializer())
steps = [sess.run(train, {x: [[1.], [2.]], y: [[2.], [4.]]}) for _ in range(5)]
result = [steps, sess.run([w, b, loss], {x: [[1.], [2.]], y: [[2.], [4.]]}), [o.name for o in tf.get_default_graph().get_operations() if o.name.startswith('GradientDescent')]]
""",
    # ---- errors
    "err_feed_placeholder": "x = tf.placeholder(tf.float32, [None, 784]); y = x * 2; tf.Session().run(y)",
    "err_uninitialized": "v = tf.Variable(1.0, name='myvar'); tf.Session().run(v + 1)",
    "err_fetch_none": "tf.constant(1); tf.Session().run(None)",
    "err_feed_shape": "x = tf.placeholder(tf.float32, [None, 3]); tf.Session().run(x, {x: [[1., 2.]]})",
    "err_matmul_shape": "tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))",
    "err_add_dtype": "tf.constant(1) + tf.constant(1.0)",
    "err_const_dtype": "tf.constant(2.5, dtype=tf.int32)",
    "err_tensor_bool": "bool(tf.constant(True))",
    "err_reshape": "tf.reshape(tf.zeros([2, 3]), [4, 2])",
    "err_get_tensor": "tf.get_default_graph().get_tensor_by_name('nope:0')",
    "err_eval_no_session": "tf.constant(1).eval()",
}

# TF 1.15's wording where TF 2.x's compat.v1 differs (see tensorflow/python/client/session.py @ r1.15).
TF115_OVERRIDES = {
    # client/session.py @ r1.15 formats the names with %r.
    "err_feed_shape": ["ValueError", "Cannot feed value of shape (1, 2) for Tensor 'Placeholder:0', which "
                                     "has shape '(?, 3)'"],
    "err_fetch_none": ["TypeError", "Fetch argument None has invalid type <class 'NoneType'>"],
    # TF 1.15's `+` builds AddV2 (ops/math_ops.py `_add_dispatch`; the oracle agrees): the message names it.
    "err_add_dtype": ["TypeError", "Input 'y' of 'AddV2' Op has type float32 that does not match type int32 "
                                   "of argument 'x'."],
    # framework/tensor_util.py _AssertCompatible.
    "err_const_dtype": ["TypeError", "Expected int32, got 2.5 of type 'float' instead."],
    # client/session.py: the executor's message, then the node.
    "err_feed_placeholder": ["InvalidArgumentError", "You must feed a value for placeholder tensor "
                                                     "'Placeholder' with dtype float and shape [?,784]"],
    "err_uninitialized": ["FailedPreconditionError", "Attempting to use uninitialized value myvar"],
    # framework/common_shapes.py: shape errors name the node as 'name' (op: 'Type').
    "err_matmul_shape": ["ValueError", "Dimensions must be equal, but are 3 and 2 for 'MatMul' (op: "
                                       "'MatMul') with input shapes: [2,3], [2,3]."],
    "err_reshape": ["ValueError", "Cannot reshape a tensor with 6 elements to shape [4,2] (8 elements) for "
                                  "'Reshape' (op: 'Reshape') with input shapes: [2,3], [2] and with input "
                                  "tensors computed as partial shapes: input[1] = [4,2]."],
    # framework/ops.py Tensor.__bool__ (TF 2 raises OperatorNotAllowedInGraphError instead).
    "err_tensor_bool": ["TypeError", "Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is "
                                     "not None:` instead of `if t:` to test if a tensor is defined"],
}
