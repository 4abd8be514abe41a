"""Graph-building cases for user-defined gradients (tf.custom_gradient, tf.RegisterGradient +
gradient_override_map, tf.NotDifferentiable), shared by the golden recorder custom_gradient_make.py
(run under real TensorFlow) and tests/ops/test_custom_gradient.py (run under tf1).

CASES: `fn(tf) -> dict(fetches=..., feeds={name: value}, train=op or None, runs=n)`: after
  `tf.global_variables_initializer()`, each of the `runs` runs executes `train` (when given) and then
  fetches `fetches` (a dict of Tensors / lists of Tensors). Keys starting with `grad` hold
  gradients: their values are compared, not their names.
BUILD_ERRORS: `fn(tf)` must raise while the graph is built.

Gradient names are registered once per process, so every case uses its own names.
"""
import numpy as np

from golden_io import registrar

CASES = {}
BUILD_ERRORS = {}

case = registrar(CASES)
build_error = registrar(BUILD_ERRORS)

_X = np.array([[0.5, -1.0, 2.0], [-0.3, 0.8, -1.5]], np.float32)


def _dense(tf, x, units, name):
    w = tf.Variable(np.linspace(-1.0, 1.0, int(x.shape[-1]) * units).reshape(-1, units).astype(np.float32),
                    name=name + "_w")
    b = tf.Variable(np.full([units], 0.1, np.float32), name=name + "_b")
    return tf.matmul(x, w) + b, w, b


# --------------------------------------------------------------------- RegisterGradient overrides

@case
def gradient_reversal(tf):
    """Domain-adversarial training's gradient reversal layer: Identity whose gradient is -lambda * dy."""
    @tf.RegisterGradient("CgFlipGradient")
    def _flip(op, grad):
        return [tf.negative(grad) * 0.25]

    g = tf.get_default_graph()
    x = tf.constant(_X)
    feat, w1, b1 = _dense(tf, x, 4, "feat")
    with g.gradient_override_map({"Identity": "CgFlipGradient"}):
        flipped = tf.identity(feat, name="flip")
    dom, w2, _ = _dense(tf, tf.nn.relu(flipped), 2, "dom")
    loss = tf.reduce_mean(tf.square(dom))
    grads = tf.gradients(loss, [x, w1, b1, w2])
    return dict(fetches={"flipped": flipped, "loss": loss, "grad": grads,
                         "attr": tf.constant(flipped.op.get_attr("_gradient_op_type"))},
                feeds={}, train=None, runs=1)


@case
def gradient_reversal_training(tf):
    """The reversal layer inside a training step: the feature weights climb the domain loss."""
    @tf.RegisterGradient("CgFlipTrain")
    def _flip(op, grad):
        return [-grad]

    g = tf.get_default_graph()
    x = tf.constant(_X)
    feat, w1, _ = _dense(tf, x, 3, "feat")
    with g.gradient_override_map({"Identity": "CgFlipTrain"}):
        flipped = tf.identity(feat)
    out, w2, _ = _dense(tf, tf.tanh(flipped), 1, "head")
    loss = tf.reduce_sum(tf.square(out - 1.0))
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    return dict(fetches={"loss": loss, "w1": w1.value(), "w2": w2.value()}, feeds={}, train=train, runs=3)


@case
def guided_relu(tf):
    """Guided backpropagation: ReLU's gradient also zeroes negative incoming gradients."""
    @tf.RegisterGradient("CgGuidedRelu")
    def _guided(op, grad):
        return tf.where(0. < grad, grad * tf.cast(op.outputs[0] > 0., grad.dtype), tf.zeros_like(grad))

    g = tf.get_default_graph()
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    h, _, _ = _dense(tf, x, 5, "h")
    with g.gradient_override_map({"Relu": "CgGuidedRelu"}):
        a = tf.nn.relu(h)
    plain = tf.nn.relu(h)
    out, _, _ = _dense(tf, a, 2, "out")
    out2, _, _ = _dense(tf, plain, 2, "out2")
    return dict(fetches={"a": a, "grad_guided": tf.gradients(out[:, 0], x),
                         "grad_plain": tf.gradients(out2[:, 0], x)},
                feeds={"x": _X}, train=None, runs=1)


@case
def straight_through_estimators(tf):
    """Binarised / quantised activations trained with identity gradients (Sign, Round, Floor)."""
    @tf.RegisterGradient("CgStraightThrough")
    def _st(op, grad):
        return grad

    g = tf.get_default_graph()
    x = tf.constant(_X * 1.7)
    with g.gradient_override_map({"Sign": "CgStraightThrough", "Round": "CgStraightThrough",
                                  "Floor": "CgStraightThrough"}):
        s = tf.sign(x)
        r = tf.round(x * 2.0) / 2.0
        f = tf.floor(x)
    y = tf.reduce_sum(s * tf.constant([1., 2., 3.])) + tf.reduce_sum(tf.square(r)) + tf.reduce_sum(f * x)
    return dict(fetches={"s": s, "r": r, "f": f, "grad": tf.gradients(y, x),
                         "none": tf.constant([gr is None for gr in tf.gradients(tf.reduce_sum(tf.round(x)), x)])},
                feeds={}, train=None, runs=1)


@case
def override_multi_input(tf):
    """An override on a two-input op gets both inputs and the output; returns one gradient each."""
    @tf.RegisterGradient("CgMulGrad")
    def _mul(op, grad):
        a, b = op.inputs
        return [grad * b * 2.0, grad * a + op.outputs[0]]

    g = tf.get_default_graph()
    a = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant([4.0, 5.0, 6.0])
    with g.gradient_override_map({"Mul": "CgMulGrad"}):
        p = a * b
    q = a * b
    return dict(fetches={"p": p, "grad": tf.gradients(tf.reduce_sum(p * p), [a, b]),
                         "grad_plain": tf.gradients(tf.reduce_sum(q * q), [a, b])},
                feeds={}, train=None, runs=1)


@case
def override_py_func(tf):
    """The classic py_func-with-gradient recipe: override PyFunc's gradient with another py_func."""
    def forward(v):
        return (v ** 3).astype(np.float32)

    def backward(v, dy):
        return (3.0 * v ** 2 * dy).astype(np.float32)

    @tf.RegisterGradient("CgPyFuncGrad")
    def _grad(op, grad):
        return tf.py_func(backward, [op.inputs[0], grad], tf.float32)

    g = tf.get_default_graph()
    x = tf.constant([1.0, -2.0, 0.5])
    with g.gradient_override_map({"PyFunc": "CgPyFuncGrad"}):
        y = tf.py_func(forward, [x], tf.float32)
    return dict(fetches={"y": y, "grad": tf.gradients(tf.reduce_sum(y * x), x)},
                feeds={}, train=None, runs=1)


@case
def not_differentiable_override(tf):
    """An op mapped to a gradient registered with tf.NotDifferentiable gives no gradient."""
    tf.NotDifferentiable("CgNoGrad")
    g = tf.get_default_graph()
    x = tf.constant([1.0, 2.0])
    with g.gradient_override_map({"Square": "CgNoGrad"}):
        s = tf.square(x)
    grads = tf.gradients(tf.reduce_sum(s) + tf.reduce_sum(x * 3.0), x)
    return dict(fetches={"grad": grads, "none": tf.constant([gr is None for gr in tf.gradients(s, x)])},
                feeds={}, train=None, runs=1)


# ---------------------------------------------------------------------------- @tf.custom_gradient

@case
def log1pexp(tf):
    """The numerically stable example of TF's custom_gradient documentation."""
    @tf.custom_gradient
    def log1pexp_(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad

    x = tf.constant([0.0, 1.0, 100.0])
    y = log1pexp_(x)
    gx = tf.gradients(y, x)[0]
    return dict(fetches={"y": y, "grad": gx, "grad2": tf.gradients(gx, x)}, feeds={}, train=None, runs=1)


@case
def clip_gradient_training(tf):
    """Gradient clipping by custom_gradient inside a training step (the optimizer's minimize)."""
    @tf.custom_gradient
    def clip_grad_layer(x):
        def grad(dy):
            return tf.clip_by_norm(dy, 0.5)
        return tf.identity(x), grad

    x = tf.constant(_X)
    h, w, b = _dense(tf, x, 3, "clip")
    out = clip_grad_layer(h)
    loss = tf.reduce_sum(tf.square(out - 2.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return dict(fetches={"out": out, "loss": loss, "w": w.value(), "b": b.value()},
                feeds={}, train=train, runs=3)


@case
def multi_input_output(tf):
    """Several inputs (one gets no gradient), a nested result, gradients of each output."""
    @tf.custom_gradient
    def f(a, b, c):
        s = a * b
        d = a - c

        def grad(ds, dd):
            return ds * 10.0 + dd, ds * 20.0, None
        return (s, [d]), grad

    a = tf.constant([1.0, 2.0])
    b = tf.constant([3.0, 4.0])
    c = tf.constant([5.0, 6.0])
    s, (d,) = f(a, b, c)
    return dict(fetches={"s": s, "d": d, "grad": tf.gradients(tf.reduce_sum(s * 2.0) + tf.reduce_sum(d), [a, b]),
                         "grad_s": tf.gradients(s, [a, b]),
                         "none": tf.constant([gr is None for gr in tf.gradients(s + d, [c])])},
                feeds={}, train=None, runs=1)


@case
def python_inputs(tf):
    """Python numbers as arguments become constants; the gradient flows to a placeholder."""
    @tf.custom_gradient
    def scaled(x, k):
        def grad(dy):
            return dy * k * 3.0, tf.zeros_like(k)
        return x * k, grad

    x = tf.placeholder(tf.float32, [2], name="x")
    y = scaled(x, 2.0)
    return dict(fetches={"y": y, "grad": tf.gradients(tf.reduce_sum(y), x)},
                feeds={"x": np.array([1.5, -2.0], np.float32)}, train=None, runs=1)


@case
def with_variables(tf):
    """grad_fn(dy, variables=...) returns (input gradients, variable gradients)."""
    w = tf.Variable(2.0, name="w")

    @tf.custom_gradient
    def scale(v):
        out = v * w

        def grad(dy, variables=None):
            return dy * 100.0, [dy * 1000.0 * tf.ones_like(var) for var in variables]
        return out, grad

    c = tf.constant(4.0)
    y = scale(c)
    loss = y * 3.0
    train = tf.train.GradientDescentOptimizer(0.001).minimize(loss)
    return dict(fetches={"y": y, "grad": tf.gradients(loss, [c, w]), "w": w.value()},
                feeds={}, train=train, runs=2)


@case
def in_while_loop(tf):
    """custom_gradient in a while_loop body: each iteration's gradient is the user's."""
    @tf.custom_gradient
    def double(v):
        def grad(dy):
            return dy * 10.0
        return v * 2.0, grad

    a = tf.constant([1.5, -0.5])
    _, res = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, double(v)), [tf.constant(0), a])
    return dict(fetches={"res": res, "grad": tf.gradients(tf.reduce_sum(res), a)}, feeds={}, train=None,
                runs=1)


@case
def in_dynamic_rnn(tf):
    """A cell whose output passes a gradient-clipping custom_gradient, unrolled by dynamic_rnn."""
    @tf.custom_gradient
    def shrink_grad(x):
        def grad(dy):
            return dy * 0.5
        return tf.identity(x), grad

    class Cell(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return 2

        @property
        def output_size(self):
            return 2

        def __call__(self, inputs, state, scope=None):
            new = shrink_grad(tf.tanh(inputs + state * 0.5))
            return new, new

    x = tf.constant(np.linspace(-1, 1, 2 * 3 * 2).reshape(2, 3, 2).astype(np.float32))
    out, last = tf.nn.dynamic_rnn(Cell(), x, dtype=tf.float32)
    return dict(fetches={"out": out, "last": last, "grad": tf.gradients(tf.reduce_sum(out), x)},
                feeds={}, train=None, runs=1)


@case
def higher_order(tf):
    """tf.gradients of a gradient built from a custom grad_fn differentiates the grad_fn's ops."""
    @tf.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x
        return x * x * x, grad

    x = tf.constant([1.0, -2.0])
    g1 = tf.gradients(tf.reduce_sum(cube(x)), x)[0]
    return dict(fetches={"grad": g1, "grad2": tf.gradients(g1, x), "grad_hess": tf.hessians(tf.reduce_sum(cube(x)), x)},
                feeds={}, train=None, runs=1)


@case
def override_in_cond(tf):
    """An overridden op inside a tf.cond branch keeps its user-defined gradient."""
    @tf.RegisterGradient("CgTimesThree")
    def _x3(op, grad):
        return grad * 3.0

    g = tf.get_default_graph()
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.constant([1.0, 2.0])
    k = tf.constant(5.0)

    def taken():
        with g.gradient_override_map({"Identity": "CgTimesThree"}):
            return tf.identity(x * k)
    r = tf.cond(p, taken, lambda: x * 2.0)
    return dict(fetches={"r": r, "grad": tf.gradients(tf.reduce_sum(r), x)}, feeds={"p": True}, train=None,
                runs=1)


@case
def grad_fn_captures(tf):
    """grad_fn reads tensors f computed but did not return, and tensors from outside the loop."""
    k = tf.constant(7.0)

    @tf.custom_gradient
    def f(v):
        side = tf.sin(v)

        def grad(dy):
            return dy * side + k
        return v * 2.0, grad

    a = tf.constant([1.5, -0.5])
    y = f(a)
    _, res = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, f(v)), [tf.constant(0), a])
    return dict(fetches={"y": y, "res": res, "grad": tf.gradients(tf.reduce_sum(y), a),
                         "grad_loop": tf.gradients(tf.reduce_sum(res), a)},
                feeds={}, train=None, runs=1)


@case
def grad_fn_reads_variable(tf):
    """grad_fn reads a variable (directly and by read_value), at top level and in a loop."""
    w = tf.Variable(3.0, name="w")

    @tf.custom_gradient
    def f(v):
        return v * 2.0, lambda dy: dy * tf.identity(w) + w.read_value()

    a = tf.constant([1.0, 2.0])
    _, r = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, f(v)), [0, a])
    return dict(fetches={"r": r, "grad": tf.gradients(tf.reduce_sum(f(a)), a),
                         "grad_loop": tf.gradients(tf.reduce_sum(r), a)},
                feeds={}, train=None, runs=2)


# ---------------------------------------------------------------------------------- errors

@build_error
def unregistered_gradient_name(tf):
    g = tf.get_default_graph()
    x = tf.constant(1.0)
    with g.gradient_override_map({"Square": "CgNoSuchGradient"}):
        y = tf.square(x)
    tf.gradients(y, x)


@build_error
def register_twice(tf):
    tf.RegisterGradient("CgTwice")(lambda op, grad: grad)
    tf.RegisterGradient("CgTwice")(lambda op, grad: grad)


@build_error
def register_builtin_op_type(tf):
    tf.RegisterGradient("Square")(lambda op, grad: grad)


@build_error
def wrong_gradient_count(tf):
    @tf.RegisterGradient("CgWrongCount")
    def _bad(op, grad):
        return [grad, grad]

    g = tf.get_default_graph()
    x = tf.constant(1.0)
    with g.gradient_override_map({"Square": "CgWrongCount"}):
        y = tf.square(x)
    tf.gradients(y, x)


@build_error
def custom_gradient_kwargs(tf):
    @tf.custom_gradient
    def f(x, k=1.0):
        return x * k, lambda dy: dy * k

    f(tf.constant(1.0), k=2.0)


@build_error
def variable_gradient_count(tf):
    w = tf.Variable(2.0, name="w")

    @tf.custom_gradient
    def scale(v):
        def grad(dy, variables=None):
            return dy, []
        return v * w, grad

    tf.gradients(scale(tf.constant(1.0)), w)


# ---------------------------------------------------------------------------------- running

def run_case(tf, fn):
    """Builds a case in a fresh graph and runs it; returns (fetches, [fetched values per run])."""
    g = tf.Graph()
    with g.as_default():
        spec = fn(tf)
        feeds = {g.get_tensor_by_name(k if ":" in k else k + ":0"): v for k, v in spec["feeds"].items()}
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            results = []
            for _ in range(spec["runs"]):
                if spec["train"] is not None:
                    sess.run(spec["train"], feeds)
                results.append(sess.run(spec["fetches"], feeds))
    return spec["fetches"], results
