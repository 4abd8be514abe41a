# The LSTM MNIST step of benchmarks/lstm_mnist.py hand-written in JAX (the ceiling tf1 aims at):
# input projection, a BasicLSTMCell (forget_bias 1.0) scanned over 28 steps, last output -> logits,
# softmax cross-entropy, Adam(0.001).
import jax
import jax.numpy as jnp
import numpy as np

lr, batch_size, n_inputs, n_steps, n_hidden, n_classes = 0.001, 128, 28, 28, 128, 10
rng = np.random.RandomState(0)
batch_xs = rng.rand(batch_size, n_steps, n_inputs).astype(np.float32)
batch_ys = np.eye(n_classes, dtype=np.float32)[rng.randint(0, n_classes, batch_size)]
k = jax.random.split(jax.random.key(1), 3)
limit = np.sqrt(6.0 / (2 * n_hidden + 4 * n_hidden))
params = {"w_in": jax.random.normal(k[0], (n_inputs, n_hidden)), "b_in": jnp.full((n_hidden,), 0.1),
          "kernel": jax.random.uniform(k[1], (2 * n_hidden, 4 * n_hidden), minval=-limit, maxval=limit),
          "bias": jnp.zeros((4 * n_hidden,)),
          "w_out": jax.random.normal(k[2], (n_hidden, n_classes)), "b_out": jnp.full((n_classes,), 0.1)}


def loss_fn(p, x, y):
    x_in = (x.reshape(-1, n_inputs) @ p["w_in"] + p["b_in"]).reshape(-1, n_steps, n_hidden)

    def cell(carry, x_t):
        c, h = carry
        gates = jnp.concatenate([x_t, h], 1) @ p["kernel"] + p["bias"]
        i, j, f, o = jnp.split(gates, 4, axis=1)
        c = c * jax.nn.sigmoid(f + 1.0) + jax.nn.sigmoid(i) * jnp.tanh(j)
        h = jnp.tanh(c) * jax.nn.sigmoid(o)
        return (c, h), h

    zeros = jnp.zeros((x.shape[0], n_hidden))
    (_, h), _ = jax.lax.scan(cell, (zeros, zeros), jnp.transpose(x_in, (1, 0, 2)))
    logits = h @ p["w_out"] + p["b_out"]
    return jnp.mean(-jnp.sum(y * jax.nn.log_softmax(logits), axis=1))


opt = {"m": jax.tree_util.tree_map(jnp.zeros_like, params), "v": jax.tree_util.tree_map(jnp.zeros_like, params),
       "t": jnp.float32(0)}


@jax.jit
def train(p, o, x, y):
    g = jax.grad(loss_fn)(p, x, y)
    t = o["t"] + 1
    lr_t = lr * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
    m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, o["m"], g)
    v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, o["v"], g)
    p = jax.tree_util.tree_map(lambda p, m, v: p - lr_t * m / (jnp.sqrt(v) + 1e-8), p, m, v)
    return p, {"m": m, "v": v, "t": t}


def step():
    global params, opt
    params, opt = train(params, opt, batch_xs, batch_ys)


def final_loss():
    return float(jax.jit(loss_fn)(params, batch_xs, batch_ys))
