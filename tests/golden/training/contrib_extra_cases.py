"""tf.contrib.training.HParams, contrib.losses, contrib.opt (AdamW/MomentumW/LazyAdam), contrib.layers
(layer_norm, conv2d_transpose, separable_conv2d), contrib.framework's variable helpers
and tf.train.ClusterSpec / replica_device_setter scenarios, run by real TF 1.15 code
(contrib_extra_make.py) and by tf1 (tests/training/test_contrib_extra.py).

Each scenario takes the `tf` module and a fresh temporary directory and returns JSON-able facts.
Weights come from a deterministic initializer (sin of the element index) so values compare exactly.
"""
import os

import numpy as np


def _sin_init(tf, scale=0.5):
    def init(shape, dtype=None, partition_info=None):
        shape = [int(d) for d in shape]
        n = int(np.prod(shape)) if shape else 1
        return tf.reshape(scale * tf.sin(tf.range(1, n + 1, dtype=tf.float32)), shape)
    return init


def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 (the type and message are the facts)
        return [type(e).__name__, str(e)]
    return None


def _round(x):
    return np.round(np.asarray(x, np.float64), 5).tolist()


# ----------------------------------------------------------------------------------- HParams

def hparams(tf, root):
    HParams = tf.contrib.training.HParams
    f = {}
    hp = HParams(learning_rate=0.1, num_layers=3, use_bias=True, act="relu", sizes=[4, 8], rates=[0.5])
    f["str"] = str(hp)
    f["repr"] = repr(hp)
    f["values"] = hp.values()
    hp.parse("learning_rate=0.3,num_layers=5,use_bias=false,act=tanh,sizes=[1,2,3]")
    f["parsed"] = hp.values()
    f["parse_int_to_float"] = HParams(a=1.0).parse("a=2").a
    f["json"] = hp.to_json(sort_keys=True)
    hp.parse_json('{"num_layers": 7, "sizes": [9]}')
    f["after_json"] = [hp.num_layers, hp.sizes]
    hp.override_from_dict({"learning_rate": 1})
    f["override_int_for_float"] = [hp.learning_rate, type(hp.learning_rate).__name__]
    hp.add_hparam("extra", "x")
    hp.set_hparam("extra", "y")
    f["contains"] = ["extra" in hp, "nope" in hp]
    f["get"] = [hp.get("extra"), hp.get("nope", 3), hp.get("num_layers", 1)]
    hp.del_hparam("extra")
    f["after_del"] = sorted(hp.values())
    f["errors"] = {
        "reserved": _err(lambda: HParams(values=1)),
        "empty_list": _err(lambda: HParams(a=[])),
        "bad_type": _err(lambda: hp.parse("num_layers=abc")),
        "float_to_int": _err(lambda: hp.set_hparam("num_layers", 2.5)),
        "str_to_int": _err(lambda: hp.set_hparam("num_layers", "3")),
        "bool_to_int": _err(lambda: hp.set_hparam("num_layers", True)),
        "list_for_scalar": _err(lambda: hp.set_hparam("num_layers", [1])),
        "scalar_for_list": _err(lambda: hp.set_hparam("sizes", 1)),
        "unknown": _err(lambda: hp.parse("zzz=1")),
        "unknown_set": _err(lambda: hp.set_hparam("zzz", 1)),
        "malformed": _err(lambda: hp.parse("num_layers")),
        "twice": _err(lambda: hp.parse("num_layers=1,num_layers=2")),
        "list_index_list": _err(lambda: hp.parse("sizes[0]=[1]")),
        "get_bad_default": _err(lambda: hp.get("num_layers", "x")),
        "get_list_default": _err(lambda: hp.get("sizes", 1)),
        "index_assign": _err(lambda: hp.parse("rates[0]=0.25")),
        "bool_parse": _err(lambda: hp.parse("use_bias=maybe")),
    }
    f["bool_from_int"] = HParams(b=False).parse("b=1").b
    pv = tf.contrib.training.parse_values
    f["parse_values"] = {k: v for k, v in pv("x=5,L=[1,2],arr[1]=3,arr[0]=4", {"x": int, "L": int, "arr": int}).items()
                         if k != "arr"}
    f["parse_values_arr"] = sorted(pv("arr[1]=3,arr[0]=4", {"arr": int})["arr"].items())
    f["parse_values_ignore"] = pv("x=5,y=abc", {"x": int}, ignore_unknown=True)
    f["parse_values_str"] = pv("s=hello world", {"s": str})
    return f


# ------------------------------------------------------------------------------------- losses

def losses(tf, root):
    L = tf.contrib.losses
    logits = tf.constant([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [0.3, 0.3, 0.3], [2.0, 1.0, -1.0]])
    onehot = tf.constant([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    sparse = tf.constant([1, 2, 0, 0])
    pred = tf.constant([[0.2, 0.7], [0.9, 0.1], [0.4, 0.6], [0.5, 0.5]])
    lab = tf.constant([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    w_batch = tf.constant([1.0, 0.0, 2.0, 0.5])
    w_col = tf.constant([[1.0], [0.0], [2.0], [0.5]])
    w_full = tf.constant([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0], [0.0, 0.0]])
    unit_a = tf.nn.l2_normalize(pred, 1)
    unit_b = tf.nn.l2_normalize(lab + 0.1, 1)
    t = {
        "softmax": L.softmax_cross_entropy(logits, onehot),
        "softmax_smooth_w": L.softmax_cross_entropy(logits, onehot, weights=w_batch, label_smoothing=0.1),
        "sparse_softmax": L.sparse_softmax_cross_entropy(logits, sparse, weights=2.0),
        "sigmoid": L.sigmoid_cross_entropy(pred, lab, label_smoothing=0.2),
        "sigmoid_w_full": L.sigmoid_cross_entropy(pred, lab, weights=w_full),
        "mse": L.mean_squared_error(pred, lab),
        "mse_w_col": L.mean_squared_error(pred, lab, weights=w_col),
        "mse_zero_w": L.mean_squared_error(pred, lab, weights=0.0),
        "absdiff": L.absolute_difference(pred, lab, weights=w_batch),
        "log_loss": L.log_loss(pred, lab),
        "log_loss_w": L.log_loss(pred, lab, weights=w_full, epsilon=1e-3),
        "hinge": L.hinge_loss(pred, lab),
        "cosine": L.cosine_distance(unit_a, unit_b, axis=1),
        "cosine_dim_w": L.cosine_distance(unit_a, unit_b, dim=1, weights=w_col),
        "pairwise": L.mean_pairwise_squared_error(pred, lab),
        "pairwise_w": L.mean_pairwise_squared_error(pred, lab, weights=w_batch),
        "compute_weighted": L.compute_weighted_loss(pred * 3.0, weights=w_col),
    }
    reg = tf.Variable(2.0, name="reg_var")
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, reg * 0.5)
    t["total"] = L.get_total_loss()
    t["total_noreg"] = L.get_total_loss(add_regularization_losses=False, name="plain")
    f = {"names": {k: v.name for k, v in sorted(t.items())},
         "shapes": {k: v.get_shape().as_list() for k, v in sorted(t.items())},
         "collection": [x.name for x in L.get_losses()],
         "regularization": len(L.get_regularization_losses())}
    f["errors"] = {"cosine_no_axis": _err(lambda: L.cosine_distance(unit_a, unit_b)),
                   "shape_mismatch": _err(lambda: L.mean_squared_error(pred, logits))}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        f["values"] = {k: _round(v) for k, v in sess.run(t).items()}
    g_logits = tf.placeholder(tf.float32, [2, 3])
    loss = L.softmax_cross_entropy(g_logits, tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]))
    grad = tf.gradients(loss, g_logits)[0]
    with tf.Session() as sess:
        f["grad"] = _round(sess.run(grad, {g_logits: [[1.0, 2.0, 3.0], [0.5, 0.0, -0.5]]}))
    return f


# ---------------------------------------------------------------------------------- optimizers

def _two_var_model(tf):
    w = tf.get_variable("w", [3, 2], initializer=_sin_init(tf))
    b = tf.get_variable("b", [2], initializer=tf.constant_initializer([0.5, -0.5]))
    x = tf.constant([[1.0, 2.0, -1.0], [0.5, -0.5, 1.5]])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - 1.0))
    return w, b, loss


def optimizers(tf, root):
    f = {}
    cases = {
        "adamw": lambda: tf.contrib.opt.AdamWOptimizer(0.05, learning_rate=0.1),
        "adamw_decay_list": lambda: tf.contrib.opt.AdamWOptimizer(0.1, learning_rate=0.01, beta1=0.8),
        "momentumw": lambda: tf.contrib.opt.MomentumWOptimizer(0.02, 0.1, 0.9),
        "momentumw_nesterov": lambda: tf.contrib.opt.MomentumWOptimizer(0.02, 0.1, 0.9, use_nesterov=True),
        "sgdw": lambda: tf.contrib.opt.extend_with_decoupled_weight_decay(
            tf.train.GradientDescentOptimizer)(0.1, learning_rate=0.05),
        "lazy_adam_dense": lambda: tf.contrib.opt.LazyAdamOptimizer(0.1),
        "adam_w_zero_decay": lambda: tf.contrib.opt.AdamWOptimizer(0.0, learning_rate=0.1),
    }
    for name, make in sorted(cases.items()):
        with tf.Graph().as_default():
            w, b, loss = _two_var_model(tf)
            opt = make()
            gs = tf.train.get_or_create_global_step()
            # Gradients are fed: with minimize, TF reads the weights for the gradient concurrently with
            # the decay's AssignSub, so its result would depend on thread timing.
            grads = tf.gradients(loss, [w, b])
            fed = [tf.placeholder(tf.float32, v.get_shape()) for v in (w, b)]
            kwargs = {"decay_var_list": [w]} if name == "adamw_decay_list" else {}
            train = opt.apply_gradients(list(zip(fed, [w, b])), global_step=gs, **kwargs)
            names = sorted(v.op.name for v in tf.global_variables())
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(3):
                    sess.run(train, dict(zip(fed, sess.run(grads))))
                f[name] = {"vars": names, "w": _round(sess.run(w)), "b": _round(sess.run(b)),
                           "slots": sorted(opt.get_slot_names())}
    with tf.Graph().as_default():
        w, b, loss = _two_var_model(tf)
        opt = tf.contrib.opt.LazyAdamOptimizer(0.1)
        train = opt.minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
            f["lazy_adam_minimize"] = {"w": _round(sess.run(w)), "b": _round(sess.run(b))}
    # LazyAdam on embeddings: rows not looked up keep their value and slots.
    with tf.Graph().as_default():
        emb = tf.get_variable("emb", [5, 2], initializer=_sin_init(tf))
        ids = tf.placeholder(tf.int32, [None])
        other = tf.placeholder(tf.int32, [None])
        looked = tf.nn.embedding_lookup(emb, ids)
        gathered = tf.gather(emb, other)
        loss = tf.reduce_sum(tf.square(looked - 1.0)) + tf.reduce_sum(gathered)
        lazy = tf.contrib.opt.LazyAdamOptimizer(0.1)
        train = lazy.minimize(loss)
        m = lazy.get_slot(emb, "m")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            steps = []
            for i, o in (([1, 1, 3], [3]), ([0], [4]), ([1], [1])):
                sess.run(train, {ids: i, other: o})
                steps.append([_round(sess.run(emb)), _round(sess.run(m))])
            f["lazy_adam_sparse"] = steps
    return f


def moving_average(tf, root):
    """MovingAverageOptimizer: EMA of the trained variables after each step; swapping_saver writes the
    averages under the variables' names."""
    f = {}
    w, b, loss = _two_var_model(tf)
    opt = tf.contrib.opt.MovingAverageOptimizer(tf.train.GradientDescentOptimizer(0.05), average_decay=0.5)
    f["saver_early"] = _err(lambda: opt.swapping_saver())
    train = opt.minimize(loss)
    f["train_op"] = [train.name, train.type]
    f["vars"] = sorted(v.op.name for v in tf.global_variables())
    saver = opt.swapping_saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        f["w"] = _round(sess.run(w))
        path = saver.save(sess, os.path.join(root, "avg.ckpt"))
    f["ckpt"] = {name: _round(tf.train.load_variable(path, name)) for name, _ in tf.train.list_variables(path)}
    return f


# -------------------------------------------------------------------------------------- layers

def layers(tf, root):
    f = {}
    x4 = tf.reshape(tf.sin(tf.range(48, dtype=tf.float32)), [2, 3, 4, 2])
    ln = tf.contrib.layers.layer_norm(x4)
    ln2 = tf.contrib.layers.layer_norm(x4, begin_norm_axis=-1, begin_params_axis=-2, scope="ln2",
                                       activation_fn=tf.nn.relu)
    ln3 = tf.contrib.layers.layer_norm(x4, center=False, scale=True, begin_norm_axis=2,
                                       variables_collections=["my_vars"])
    deconv = tf.contrib.layers.conv2d_transpose(x4, 3, [3, 3], stride=2, weights_initializer=_sin_init(tf),
                                                biases_initializer=tf.constant_initializer(0.1))
    deconv_valid = tf.contrib.layers.convolution2d_transpose(
        x4, 2, 2, stride=[1, 2], padding="VALID", activation_fn=None, weights_initializer=_sin_init(tf, 0.3))
    sep = tf.contrib.layers.separable_conv2d(x4, 4, [2, 2], depth_multiplier=2,
                                             weights_initializer=_sin_init(tf), activation_fn=None)
    sep_dw = tf.contrib.layers.separable_conv2d(x4, None, 3, depth_multiplier=1, stride=2,
                                                weights_initializer=_sin_init(tf, 0.2),
                                                biases_initializer=tf.constant_initializer(-0.1))
    out = {"ln": ln, "ln2": ln2, "ln3": ln3, "deconv": deconv, "deconv_valid": deconv_valid, "sep": sep,
           "sep_dw": sep_dw}
    f["names"] = {k: v.name for k, v in sorted(out.items())}
    f["shapes"] = {k: v.get_shape().as_list() for k, v in sorted(out.items())}
    f["variables"] = [[v.op.name, v.get_shape().as_list()] for v in tf.global_variables()]
    f["model_variables"] = [v.op.name for v in tf.contrib.framework.get_model_variables()]
    f["my_vars"] = [v.op.name for v in tf.get_collection("my_vars")]
    f["trainable"] = [v.op.name for v in tf.trainable_variables()]
    f["errors"] = {
        "ln_axis": _err(lambda: tf.contrib.layers.layer_norm(x4, begin_norm_axis=4)),
        "ln_undefined": _err(lambda: tf.contrib.layers.layer_norm(tf.placeholder(tf.float32, [2, None]))),
        "deconv_format": _err(lambda: tf.contrib.layers.conv2d_transpose(x4, 2, 2, data_format="NCW")),
        "sep_format": _err(lambda: tf.contrib.layers.separable_conv2d(x4, 2, 2, data_format="NDHWC")),
    }

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        f["values"] = {k: _round(v) for k, v in sess.run(out).items()}
    return f


# ---------------------------------------------------------------------- framework variable helpers

def framework_variables(tf, root):
    F = tf.contrib.framework
    f = {}
    with tf.variable_scope("net"):
        with tf.variable_scope("conv1"):
            w1 = tf.get_variable("weights", [2, 2], initializer=_sin_init(tf))
            tf.get_variable("biases", [2], initializer=tf.zeros_initializer())
        with tf.variable_scope("logits"):
            tf.get_variable("weights", [2, 3], initializer=_sin_init(tf, 0.1))
    tf.get_variable("weights", [1], initializer=tf.ones_initializer())
    loc = tf.Variable(1.0, name="loc", trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])

    def names(vs):
        return [v.op.name for v in vs]

    f["all"] = names(F.get_variables())
    f["scope"] = names(F.get_variables("net/conv1"))
    f["suffix"] = names(F.get_variables(suffix="weights"))
    f["by_name"] = names(F.get_variables_by_name("weights"))
    f["by_name_scope"] = names(F.get_variables_by_name("weights", scope="net"))
    f["by_suffix"] = names(F.get_variables_by_suffix("biases"))
    f["trainable"] = names(F.get_trainable_variables("net"))
    f["local"] = names(F.get_local_variables())
    f["unique"] = F.get_unique_variable("net/conv1/weights").op.name
    f["restore_all"] = names(F.get_variables_to_restore())
    f["restore_exclude"] = names(F.get_variables_to_restore(exclude=["net/logits"]))
    f["restore_include"] = names(F.get_variables_to_restore(include=["net"], exclude=["net/conv1/biases"]))
    f["filter"] = names(F.filter_variables(F.get_variables(), include_patterns=["net"],
                                           exclude_patterns=["biases"]))
    f["errors"] = {
        "unique_missing": _err(lambda: F.get_unique_variable("nope")),
        "unique_ambiguous": _err(lambda: F.get_unique_variable("net/conv1/w")),
        "include_type": _err(lambda: F.get_variables_to_restore(include="net")),
        "exclude_type": _err(lambda: F.get_variables_to_restore(exclude="net")),
        "fn_empty": _err(lambda: F.assign_from_checkpoint_fn("x", [])),
    }
    saver = tf.train.Saver(F.get_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(loc.initializer)
        path = saver.save(sess, os.path.join(root, "model.ckpt"))
    with tf.Graph().as_default():
        with tf.variable_scope("net"):
            with tf.variable_scope("conv1"):
                a = tf.get_variable("weights", [2, 2], initializer=tf.zeros_initializer())
                extra = tf.get_variable("extra", [2], initializer=tf.zeros_initializer())
        other = tf.get_variable("renamed", [2, 3], initializer=tf.zeros_initializer())
        fn = F.assign_from_checkpoint_fn(path, F.get_variables_to_restore(), ignore_missing_vars=True)
        op, feed = F.assign_from_checkpoint(path, {"net/logits/weights": other})
        values_op, values_feed = F.assign_from_values({"net/conv1/extra": np.array([7.0, 8.0], np.float32)})
        f["assign_names"] = sorted(t.name for t in list(feed) + list(values_feed))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            fn(sess)
            sess.run(op, feed)
            sess.run(values_op, values_feed)
            f["restored"] = [_round(sess.run(a)), _round(sess.run(other)), _round(sess.run(extra))]
        f["missing_error"] = _err(lambda: F.assign_from_checkpoint(path, [extra]))
    f["w1_name"] = w1.name
    return f


# ------------------------------------------------------------------------------------- cluster

def cluster(tf, root):
    f = {}
    spec = tf.train.ClusterSpec({"worker": ["w0:2222", "w1:2222"], "ps": ["ps0:2222"], "chief": {3: "c:1"}})
    f["jobs"] = spec.jobs
    f["as_dict"] = repr(spec.as_dict())
    f["repr"] = repr(spec)
    f["num_tasks"] = [spec.num_tasks("worker"), spec.num_tasks("chief")]
    f["task_indices"] = spec.task_indices("chief")
    f["job_tasks"] = spec.job_tasks("chief")
    f["task_address"] = spec.task_address("worker", 1)
    f["cluster_def"] = str(spec.as_cluster_def())
    f["bool"] = [bool(spec), bool(tf.train.ClusterSpec({}))]
    f["roundtrip"] = [tf.train.ClusterSpec(spec.as_cluster_def()) == spec, tf.train.ClusterSpec(spec) == spec,
                      tf.train.ClusterSpec(spec.as_cluster_def()).jobs]
    f["errors"] = {
        "num_tasks": _err(lambda: spec.num_tasks("x")),
        "task_address_job": _err(lambda: spec.task_address("x", 0)),
        "task_address_index": _err(lambda: spec.task_address("worker", 5)),
        "bad_cluster": _err(lambda: tf.train.ClusterSpec(3)),
        "bad_tasks": _err(lambda: tf.train.ClusterSpec({"a": 3})),
    }
    # The device function itself (tf1's graph does not apply device functions; see the tests).
    setter = tf.train.replica_device_setter(ps_tasks=2)
    v1 = tf.Variable(1.0, name="v1")
    v2 = tf.Variable(2.0, name="v2")
    s = v1 + v2
    v3 = tf.Variable(3.0, name="v3")
    f["devices"] = [setter(op) for op in (v1.op, v2.op, s.op, v3.op)]
    setter2 = tf.train.replica_device_setter(cluster=spec, worker_device="/job:worker/task:1")
    f["devices_cluster"] = [setter2(op) for op in (v1.op, s.op)]
    with tf.device("/job:foo/task:7"):
        v4 = tf.Variable(4.0, name="v4")
    setter3 = tf.train.replica_device_setter(ps_tasks=3, ps_device="/job:ps/device:CPU:0")
    f["devices_merged"] = [setter3(v4.op), setter3(v1.op), setter3(s.op)]
    f["none"] = [tf.train.replica_device_setter() is None,
                 tf.train.replica_device_setter(cluster={"worker": ["a:1"]}) is None]
    return f


CASES = {fn.__name__: fn for fn in (hparams, losses, optimizers, moving_average, layers, framework_variables, cluster)}
