# The regression step of benchmarks/regression_mlp.py hand-written in JAX (the ceiling tf1 aims at).
import jax
import jax.numpy as jnp
import numpy as np

rng = np.random.RandomState(0)
x_data = np.linspace(-1, 1, 300)[:, np.newaxis].astype(np.float32)
y_data = (np.square(x_data) - 0.5 + rng.normal(0, 0.05, x_data.shape)).astype(np.float32)
k1, k2 = jax.random.split(jax.random.key(1))
params = {"w1": jax.random.normal(k1, (1, 10)), "b1": jnp.full((1, 10), 0.1),
          "w2": jax.random.normal(k2, (10, 1)), "b2": jnp.full((1, 1), 0.1)}


def loss_fn(p, x, y):
    h = jax.nn.relu(x @ p["w1"] + p["b1"])
    pred = h @ p["w2"] + p["b2"]
    return jnp.mean(jnp.sum(jnp.square(y - pred), axis=1))


@jax.jit
def train(p, x, y):
    g = jax.grad(loss_fn)(p, x, y)
    return jax.tree_util.tree_map(lambda a, b: a - 0.1 * b, p, g)


def step():
    global params
    params = train(params, x_data, y_data)


def final_loss():
    return float(jax.jit(loss_fn)(params, x_data, y_data))
