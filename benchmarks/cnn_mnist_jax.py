# benchmarks/cnn_mnist.py's step hand-written in JAX (NHWC convs, reshape+max pooling, Adam).
import jax
import jax.numpy as jnp
import numpy as np

rng = np.random.RandomState(0)
bx = rng.rand(100, 784).astype(np.float32)
by = np.eye(10, dtype=np.float32)[rng.randint(0, 10, 100)]
keys = jax.random.split(jax.random.key(1), 4)
shapes = [(5, 5, 1, 32), (5, 5, 32, 64), (3136, 1024), (1024, 10)]
params = {}
for i, (k, s) in enumerate(zip(keys, shapes)):
    params["w%d" % i] = 0.1 * jax.random.truncated_normal(k, -2, 2, s)
    params["b%d" % i] = jnp.full((s[-1],), 0.1)
opt = {"m": jax.tree_util.tree_map(jnp.zeros_like, params), "v": jax.tree_util.tree_map(jnp.zeros_like, params),
       "t": jnp.zeros(())}
dkey = jax.random.key(2)


def pool(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def conv(x, w):
    return jax.lax.conv_general_dilated(x, w, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))


def loss_fn(p, x, y, key, keep):
    h = pool(jax.nn.relu(conv(x.reshape(-1, 28, 28, 1), p["w0"]) + p["b0"]))
    h = pool(jax.nn.relu(conv(h, p["w1"]) + p["b1"]))
    h = jax.nn.relu(h.reshape(-1, 3136) @ p["w2"] + p["b2"])
    h = jnp.where(jax.random.bernoulli(key, keep, h.shape), h / keep, 0.0)
    logits = h @ p["w3"] + p["b3"]
    return jnp.mean(-jnp.sum(y * jax.nn.log_softmax(logits), axis=1))


@jax.jit
def train(p, o, x, y, key):
    g = jax.grad(loss_fn)(p, x, y, key, 0.5)
    t = o["t"] + 1
    lr = 1e-4 * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
    m = jax.tree_util.tree_map(lambda m, g: m + (g - m) * 0.1, o["m"], g)
    v = jax.tree_util.tree_map(lambda v, g: v + (g * g - v) * 0.001, o["v"], g)
    p = jax.tree_util.tree_map(lambda p, m, v: p - lr * m / (jnp.sqrt(v) + 1e-8), p, m, v)
    return p, {"m": m, "v": v, "t": t}


def step():
    global params, opt, dkey
    dkey, k = jax.random.split(dkey)
    params, opt = train(params, opt, bx, by, k)


def final_loss():
    return float(jax.jit(loss_fn)(params, bx, by, dkey, 1.0))
