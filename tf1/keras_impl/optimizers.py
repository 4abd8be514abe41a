"""Keras 2.x optimizers (SGD, RMSprop, Adagrad, Adam, Adamax, Nadam) with Keras' own update rules, written as tf1 graph
ops: `get_updates(loss, params)` returns assign ops that `Model.fit` runs with the loss in one Session.run.
Hyper-parameters are variables (`lr`, `iterations`, ...) as in Keras; epsilon defaults to K.epsilon()=1e-7."""
from ..api import export, public as _tf
from . import backend
from .losses_metrics import EPSILON


def _variable(value, name, dtype=None):
    tf = _tf()
    var = tf.Variable(value, name=name, dtype=dtype or tf.float32, trainable=False)
    backend.track_variable(var)
    return var


def _assign_constrained(p, new_p):
    """Assigns the update, projected by the weight's constraint (kernel_constraint=...) when it has one,
    as tf.keras' optimizers do."""
    if getattr(p, 'constraint', None) is not None:
        new_p = p.constraint(new_p)
    return _tf().assign(p, new_p)


@export("keras.optimizers.Optimizer")
class Optimizer:
    def __init__(self, **kwargs):
        allowed = {'clipnorm', 'clipvalue'}
        for k in kwargs:
            if k not in allowed:
                raise TypeError('Unexpected keyword argument passed to optimizer: ' + str(k))
        self.clipnorm = kwargs.get('clipnorm')
        self.clipvalue = kwargs.get('clipvalue')
        self.updates = []
        self.weights = []

    def _hyper(self, lr, **hypers):
        tf = _tf()
        with tf.name_scope(self.__class__.__name__):
            self.iterations = _variable(0, 'iterations', tf.int64)
            self.lr = _variable(float(lr), 'lr')
            for name, value in hypers.items():
                setattr(self, name, _variable(float(value), name))

    def get_gradients(self, loss, params):
        tf = _tf()
        grads = tf.gradients(loss, params)
        if self.clipnorm is not None and self.clipnorm > 0:
            norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads]))
            grads = [g * self.clipnorm / tf.maximum(norm, self.clipnorm) for g in grads]
        if self.clipvalue is not None and self.clipvalue > 0:
            grads = [tf.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _decayed_lr(self):
        tf = _tf()
        lr = self.lr
        if self.initial_decay > 0:
            lr = lr * (1. / (1. + self.decay * tf.cast(self.iterations, tf.float32)))
        return lr

    def _slots(self, params):
        tf = _tf()
        return [_variable(tf.zeros(p.get_shape().as_list()), 'Variable') for p in params]


@export("keras.optimizers.SGD")
class SGD(Optimizer):
    def __init__(self, lr=0.01, momentum=0., decay=0., nesterov=False, **kwargs):
        lr = kwargs.pop('learning_rate', lr)
        super().__init__(**kwargs)
        self._hyper(lr, momentum=momentum, decay=decay)
        self.initial_decay = decay
        self.nesterov = nesterov

    def get_updates(self, loss, params):
        tf = _tf()
        grads = self.get_gradients(loss, params)
        lr = self._decayed_lr()
        moments = self._slots(params)
        self.weights = [self.iterations] + moments
        self.updates = [tf.assign_add(self.iterations, 1)]
        for p, g, m in zip(params, grads, moments):
            v = self.momentum * m - lr * g
            self.updates.append(tf.assign(m, v))
            new_p = p + self.momentum * v - lr * g if self.nesterov else p + v
            self.updates.append(_assign_constrained(p, new_p))
        return self.updates


class _ScaledByAccumulator(Optimizer):
    """RMSprop and Adagrad: p -= lr * g / (sqrt(a) + epsilon), with a per-weight accumulator `a`
    updated by the subclass's `_accumulate(a, g)`."""

    def get_updates(self, loss, params):
        tf = _tf()
        grads = self.get_gradients(loss, params)
        accumulators = self._slots(params)
        self.weights = accumulators
        lr = self._decayed_lr()
        self.updates = [tf.assign_add(self.iterations, 1)]
        for p, g, a in zip(params, grads, accumulators):
            new_a = self._accumulate(a, g)
            self.updates.append(tf.assign(a, new_a))
            self.updates.append(_assign_constrained(p, p - lr * g / (tf.sqrt(new_a) + self.epsilon)))
        return self.updates


@export("keras.optimizers.RMSprop")
class RMSprop(_ScaledByAccumulator):
    def __init__(self, lr=0.001, rho=0.9, epsilon=None, decay=0., **kwargs):
        lr = kwargs.pop('learning_rate', lr)
        super().__init__(**kwargs)
        self._hyper(lr, rho=rho, decay=decay)
        self.epsilon = EPSILON if epsilon is None else epsilon
        self.initial_decay = decay

    def _accumulate(self, a, g):
        return self.rho * a + (1. - self.rho) * _tf().square(g)


@export("keras.optimizers.Adagrad")
class Adagrad(_ScaledByAccumulator):
    def __init__(self, lr=0.01, epsilon=None, decay=0., **kwargs):
        lr = kwargs.pop('learning_rate', lr)
        super().__init__(**kwargs)
        self._hyper(lr, decay=decay)
        self.epsilon = EPSILON if epsilon is None else epsilon
        self.initial_decay = decay

    def _accumulate(self, a, g):
        return a + _tf().square(g)


@export("keras.optimizers.Adam")
class Adam(Optimizer):
    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0., amsgrad=False, **kwargs):
        lr = kwargs.pop('learning_rate', lr)
        super().__init__(**kwargs)
        self._hyper(lr, beta_1=beta_1, beta_2=beta_2, decay=decay)
        self.epsilon = EPSILON if epsilon is None else epsilon
        self.initial_decay = decay
        self.amsgrad = amsgrad

    def get_updates(self, loss, params):
        tf = _tf()
        grads = self.get_gradients(loss, params)
        lr = self._decayed_lr()
        t = tf.cast(self.iterations, tf.float32) + 1.
        lr_t = lr * (tf.sqrt(1. - tf.pow(self.beta_2, t)) / (1. - tf.pow(self.beta_1, t)))
        ms = self._slots(params)
        vs = self._slots(params)
        vhats = self._slots(params) if self.amsgrad else [None] * len(params)
        self.weights = [self.iterations] + ms + vs
        self.updates = [tf.assign_add(self.iterations, 1)]
        for p, g, m, v, vhat in zip(params, grads, ms, vs, vhats):
            m_t = self.beta_1 * m + (1. - self.beta_1) * g
            v_t = self.beta_2 * v + (1. - self.beta_2) * tf.square(g)
            denom = v_t
            if self.amsgrad:
                denom = tf.maximum(vhat, v_t)
                self.updates.append(tf.assign(vhat, denom))
            self.updates.append(tf.assign(m, m_t))
            self.updates.append(tf.assign(v, v_t))
            self.updates.append(_assign_constrained(p, p - lr_t * m_t / (tf.sqrt(denom) + self.epsilon)))
        return self.updates


@export("keras.optimizers.Adamax")
class Adamax(Optimizer):
    """TF 1.15's Adamax (Adam with the infinity norm): v = max(beta_2 * v, |g|),
    p -= lr / (1 - beta_1^t) * m / (v + epsilon)."""

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0., **kwargs):
        lr = kwargs.pop('learning_rate', lr)
        super().__init__(**kwargs)
        self._hyper(lr, beta_1=beta_1, beta_2=beta_2, decay=decay)
        self.epsilon = EPSILON if epsilon is None else epsilon
        self.initial_decay = decay

    def get_updates(self, loss, params):
        tf = _tf()
        grads = self.get_gradients(loss, params)
        lr = self._decayed_lr()
        t = tf.cast(self.iterations, tf.float32) + 1.
        lr_t = lr / (1. - tf.pow(self.beta_1, t))
        ms = self._slots(params)
        us = self._slots(params)
        self.weights = [self.iterations] + ms + us
        self.updates = [tf.assign_add(self.iterations, 1)]
        for p, g, m, u in zip(params, grads, ms, us):
            m_t = self.beta_1 * m + (1. - self.beta_1) * g
            u_t = tf.maximum(self.beta_2 * u, tf.abs(g))
            self.updates.append(tf.assign(m, m_t))
            self.updates.append(tf.assign(u, u_t))
            self.updates.append(_assign_constrained(p, p - lr_t * m_t / (u_t + self.epsilon)))
        return self.updates


@export("keras.optimizers.Nadam")
class Nadam(Optimizer):
    """TF 1.15's Nadam (Adam with Nesterov momentum): the momentum schedule
    mu_t = beta_1 * (1 - 0.5 * 0.96^(schedule_decay * t)) and its running product `m_schedule`."""

    def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, schedule_decay=0.004, **kwargs):
        lr = kwargs.pop('learning_rate', lr)
        super().__init__(**kwargs)
        self._hyper(lr, beta_1=beta_1, beta_2=beta_2)
        tf = _tf()
        with tf.name_scope(self.__class__.__name__):
            self.m_schedule = _variable(1., 'm_schedule')
        self.epsilon = EPSILON if epsilon is None else epsilon
        self.schedule_decay = schedule_decay
        self.initial_decay = 0.

    def get_updates(self, loss, params):
        tf = _tf()
        grads = self.get_gradients(loss, params)
        t = tf.cast(self.iterations, tf.float32) + 1.
        momentum_cache_t = self.beta_1 * (1. - 0.5 * tf.pow(0.96, t * self.schedule_decay))
        momentum_cache_t_1 = self.beta_1 * (1. - 0.5 * tf.pow(0.96, (t + 1.) * self.schedule_decay))
        m_schedule_new = self.m_schedule * momentum_cache_t
        m_schedule_next = m_schedule_new * momentum_cache_t_1
        ms = self._slots(params)
        vs = self._slots(params)
        self.weights = [self.iterations, self.m_schedule] + ms + vs
        self.updates = [tf.assign_add(self.iterations, 1), tf.assign(self.m_schedule, m_schedule_new)]
        for p, g, m, v in zip(params, grads, ms, vs):
            g_prime = g / (1. - m_schedule_new)
            m_t = self.beta_1 * m + (1. - self.beta_1) * g
            m_t_prime = m_t / (1. - m_schedule_next)
            v_t = self.beta_2 * v + (1. - self.beta_2) * tf.square(g)
            v_t_prime = v_t / (1. - tf.pow(self.beta_2, t))
            m_t_bar = (1. - momentum_cache_t) * g_prime + momentum_cache_t_1 * m_t_prime
            self.updates.append(tf.assign(m, m_t))
            self.updates.append(tf.assign(v, v_t))
            self.updates.append(_assign_constrained(p, p - self.lr * m_t_bar / (tf.sqrt(v_t_prime) + self.epsilon)))
        return self.updates


_BY_NAME = {'sgd': SGD, 'rmsprop': RMSprop, 'adagrad': Adagrad, 'adam': Adam, 'adamax': Adamax,
            'nadam': Nadam}


@export("keras.optimizers.get")
def get(identifier):
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError('Could not interpret optimizer identifier: ' + str(identifier))
