"""`tf.train.warm_start` and `tf.estimator.WarmStartSettings` (TF 1.15's
training/warm_starting_util.py): pick variables by regex or list, map them to their names in an
earlier checkpoint, and make their initializers load from it via `init_from_checkpoint`.

Vocabulary remapping (`var_name_to_vocab_info`, TF's load_and_remap_matrix kernels) is not
implemented: a variable given a VocabInfo raises NotImplementedError instead of loading rows
in a different order than TF would.
"""
import collections
import logging

from ..api import export
from ..framework.graph import GraphKeys, get_collection
from .checkpoint_utils import init_from_checkpoint

_log = logging.getLogger("tensorflow")


@export("train.VocabInfo", "estimator.VocabInfo")
class VocabInfo(collections.namedtuple("VocabInfo", ["new_vocab", "new_vocab_size", "num_oov_buckets", "old_vocab",
                                                     "old_vocab_size", "backup_initializer", "axis"])):
    """Vocabulary information for warm-starting (accepted; remapping itself is not implemented)."""

    def __new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1,
                backup_initializer=None, axis=0):
        if axis != 0 and axis != 1:
            raise ValueError("The only supported values for the axis argument are 0 and 1.  Provided axis: {}"
                             .format(axis))
        return super().__new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size,
                               backup_initializer, axis)


@export("estimator.WarmStartSettings")
class WarmStartSettings(collections.namedtuple("WarmStartSettings", [
        "ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info",
        "var_name_to_prev_var_name"])):
    """Settings for warm-starting in tf.estimator.Estimators."""

    def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
                var_name_to_prev_var_name=None):
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(cls, ckpt_to_initialize_from, vars_to_warm_start, var_name_to_vocab_info or {},
                               var_name_to_prev_var_name or {})


def _is_variable(v):
    from ..ops.variables import Variable
    return isinstance(v, Variable)


def _var_name(v):
    """The name a variable is saved under (its op name)."""
    return v.op.name


def _get_grouped_variables(vars_to_warm_start):
    if isinstance(vars_to_warm_start, str) or vars_to_warm_start is None:
        # Both '.*' and None match everything in TRAINABLE_VARIABLES here.
        _log.info("Warm-starting variables only in TRAINABLE_VARIABLES.")
        list_of_vars = get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=vars_to_warm_start)
    elif isinstance(vars_to_warm_start, list):
        if all(isinstance(v, str) for v in vars_to_warm_start):
            list_of_vars = []
            for v in vars_to_warm_start:
                list_of_vars += get_collection(GraphKeys.GLOBAL_VARIABLES, scope=v)
        elif all(_is_variable(v) for v in vars_to_warm_start):
            list_of_vars = vars_to_warm_start
        else:
            raise ValueError("If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`.  "
                             "Given types are {}".format([type(v) for v in vars_to_warm_start]))
    else:
        raise ValueError("`vars_to_warm_start must be a `list` or `str`.  Given type is {}"
                         .format(type(vars_to_warm_start)))
    grouped = {}
    for v in list_of_vars:
        grouped.setdefault(_var_name(v), []).append(v)
    return grouped


@export("train.warm_start")
def warm_start(ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
               var_name_to_prev_var_name=None):
    """Warm-starts variables (their initializers read `ckpt_to_initialize_from`)."""
    _log.info("Warm-starting from: %s", ckpt_to_initialize_from)
    grouped_variables = _get_grouped_variables(vars_to_warm_start)
    var_name_to_vocab_info = var_name_to_vocab_info or {}
    var_name_to_prev_var_name = var_name_to_prev_var_name or {}
    warmstarted_count = 0
    prev_var_name_used = set()
    vocab_info_used = set()
    vocabless_vars = {}
    for var_name, variable in grouped_variables.items():
        prev_var_name = var_name_to_prev_var_name.get(var_name)
        if prev_var_name:
            prev_var_name_used.add(var_name)
        vocab_info = var_name_to_vocab_info.get(var_name)
        if vocab_info:
            vocab_info_used.add(var_name)
            raise NotImplementedError(
                "tf1 does not implement warm-starting with vocabulary remapping (VocabInfo for %r)" % var_name)
        # vars_to_warm_start=None warm-starts only the variables given a vocabulary.
        if vars_to_warm_start:
            warmstarted_count += 1
            var = variable[0] if len(variable) == 1 else variable
            vocabless_vars[prev_var_name or var_name] = var
    init_from_checkpoint(ckpt_to_initialize_from, vocabless_vars)
    prev_var_name_not_used = set(var_name_to_prev_var_name.keys()) - prev_var_name_used
    vocab_info_not_used = set(var_name_to_vocab_info.keys()) - vocab_info_used
    _log.info("Warm-started %d variables.", warmstarted_count)
    if prev_var_name_not_used:
        raise ValueError("You provided the following variables in var_name_to_prev_var_name that were not used: "
                         "{0}.  Perhaps you misspelled them?  Here is the list of viable variable names: {1}"
                         .format(prev_var_name_not_used, grouped_variables.keys()))
    if vocab_info_not_used:
        raise ValueError("You provided the following variables in var_name_to_vocab_info that were not used: "
                         "{0}.  Perhaps you misspelled them?  Here is the list of viable variable names: {1}"
                         .format(vocab_info_not_used, grouped_variables.keys()))
