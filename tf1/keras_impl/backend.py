"""The Keras backend's per-graph state: one `tf1.Session` per graph (`keras.backend.get_session()`), the
variables Keras created but has not initialised yet, and the learning-phase placeholder.

Each `get_session()` initialises the Keras variables created since the last one, as Keras' TF backend
does; `set_weights` (and anything else that gives variables their values itself) calls `mark_initialized`
so that their random initial values are neither compiled nor run.
"""
from ..api import export, public as _tf
from .losses_metrics import EPSILON

_SESSIONS = {}         # graph -> Session
_PENDING = {}          # graph -> variables not yet initialised
_LEARNING_PHASE = {}   # graph -> bool placeholder
_LEARNING_PHASE_VALUE = {}  # graph -> 0/1 given by set_learning_phase (replaces the placeholder)
_EPSILON = [EPSILON]


_MANUAL_INIT = [False]


def set_manual_initialization(value):
    _MANUAL_INIT[0] = value


def track_variable(var):
    if not _MANUAL_INIT[0]:
        _PENDING.setdefault(var.graph, []).append(var)


def mark_initialized(variables):
    """`variables` get their values elsewhere (a feed): the next get_session() leaves them alone."""
    pending = _PENDING.get(_tf().get_default_graph())
    if pending:
        ids = {id(v) for v in variables}
        pending[:] = [v for v in pending if id(v) not in ids]


@export("keras.backend.get_session")
def get_session():
    tf = _tf()
    graph = tf.get_default_graph()
    sess = _SESSIONS.get(graph)
    if sess is None:
        sess = _SESSIONS[graph] = tf.Session(graph=graph)
    pending = _PENDING.pop(graph, [])
    if pending:
        sess.run(tf.variables_initializer(pending))
    return sess


@export("keras.backend.set_session")
def set_session(session):
    _SESSIONS[session.graph] = session


@export("keras.backend.clear_session")
def clear_session():
    tf = _tf()
    graph = tf.get_default_graph()
    sess = _SESSIONS.pop(graph, None)
    if sess is not None:
        sess.close()
    _PENDING.pop(graph, None)
    _LEARNING_PHASE_VALUE.pop(graph, None)
    tf.reset_default_graph()  # a new graph: new layer-name counters


@export("keras.backend.learning_phase")
def learning_phase():
    """A bool placeholder (default False) that Dropout reads; fit feeds True. After
    `set_learning_phase(v)`, the int v instead (TF 1.15)."""
    tf = _tf()
    graph = tf.get_default_graph()
    if graph in _LEARNING_PHASE_VALUE:
        return _LEARNING_PHASE_VALUE[graph]
    if graph not in _LEARNING_PHASE:
        with tf.name_scope(''):
            _LEARNING_PHASE[graph] = tf.placeholder_with_default(False, shape=(), name='keras_learning_phase')
    return _LEARNING_PHASE[graph]


def set_learning_phase_value(value):
    _LEARNING_PHASE_VALUE[_tf().get_default_graph()] = value


@export("keras.backend.epsilon")
def epsilon():
    return _EPSILON[0]


def set_epsilon_value(value):
    _EPSILON[0] = value


_FLOATX = ['float32']  # set by backend_ops.set_floatx


@export("keras.backend.floatx")
def floatx():
    return _FLOATX[0]


@export("keras.backend.backend")
def backend():
    return 'tensorflow'
