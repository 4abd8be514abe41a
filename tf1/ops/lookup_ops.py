"""TF 1.15's lookup tables: `tf.lookup.*`, `tf.contrib.lookup.*` and `tf.tables_initializer`.

A table is a Session resource, as a queue is (see queue_ops): the `HashTableV2` / `MutableHashTableV2` /
`MutableDenseHashTableV2` op yields a handle to a Python-side `TableResource` kept in `session._resources` under the table's
shared_name, so every Session has its own contents. The table ops (`LookupTableImportV2`,
`InitializeTableFromTextFileV2`, `LookupTableFindV2`, `LookupTableSizeV2`, `LookupTableExportV2`,
`LookupTableInsertV2`, `LookupTableRemoveV2`) are host ops: keys are often strings, which never
enter XLA. The Python classes compose those ops with TF's names and scopes; out-of-vocabulary
buckets use TF's own string_to_hash_bucket ops (FarmHash Fingerprint64 for the default FastHashSpec),
so bucket ids equal TF's.
"""
import collections
import uuid

import numpy as np

from ..api import export, public
from ..framework import dtypes, errors
from ..framework.graph import GraphKeys, Tensor, add_to_collection, name_scope
from ..framework.sparse import SparseTensor
from ..framework.tensor_conversion import convert_to_tensor, make_op
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import constant_value
from .indexing_ops import shape_error
from .queue_ops import get_resource, no_outputs, register_session_op, scalar_infer


# ------------------------------------------------------------------------------ the table object

class TableResource:
    """One table in one Session: a dict from Python keys (bytes/int/float) to numpy values."""

    def __init__(self, name, key_dtype, value_dtype, mutable):
        self.name = name
        self.key_dtype = key_dtype
        self.value_dtype = value_dtype
        self.mutable = mutable
        self.data = {}
        self.initialized = mutable  # a mutable table needs no initializer
        self.value_shape = ()       # a dense table's values may be vectors
        self.reserved = {}          # a dense table's empty and deleted keys -> "empty_key"/"deleted_key"

    def cancel(self):
        """Session.close cancels its resources (wakes blocked queue ops); a table has nothing to wake."""


def _py_key(k):
    if isinstance(k, str):
        return k.encode()
    if isinstance(k, (bytes, np.bytes_)):
        return bytes(k)
    return k.item() if hasattr(k, "item") else k


def _np_values(values, dtype, shape):
    if dtype == dtypes.string:
        out = np.empty(len(values), dtype=object)
        out[:] = [v if isinstance(v, bytes) else str(v).encode() for v in values]
        return out.reshape(shape)
    return np.asarray(values, dtype=dtype.as_numpy_dtype).reshape(shape)


def _key_str(k):
    return k.decode("utf-8", "replace") if isinstance(k, bytes) else str(k)


def _insert(op, table, keys, values, check_same=True):
    for k, v in zip(keys, values):
        k, v = _py_key(k), _py_key(v)
        if check_same and k in table.data and table.data[k] != v:
            raise errors.FailedPreconditionError(
                None, op, "HashTable has different value for same key. Key %s has %s and trying to add value %s"
                % (_key_str(k), _key_str(table.data[k]), _key_str(v)))
        table.data[k] = v


def _initialize(op, table, keys, values):
    """Static tables fill once; running the initializer again with the same data is allowed (TF)."""
    if table.mutable:
        table.data.clear()
        _insert(op, table, keys, values, check_same=False)
        return
    if table.initialized:
        fresh = TableResource(table.name, table.key_dtype, table.value_dtype, False)
        _insert(op, fresh, keys, values)
        if fresh.data != table.data:
            raise errors.FailedPreconditionError(None, op, "Table was already initialized with different data.")
        return
    _insert(op, table, keys, values)
    table.initialized = True


def _check_initialized(op, table):
    if not table.initialized:
        raise errors.FailedPreconditionError(None, op, "Table not initialized.")


# ------------------------------------------------------------------------------ ops

def _table_lower(mutable):
    def lower(ctx, op):
        a = op._attrs
        return get_resource(ctx, op, lambda name: TableResource(name, a["key_dtype"], a["value_dtype"], mutable))
    return lower


register_session_op("HashTableV2", scalar_infer(dtypes.resource), _table_lower(False))


def _dense_table_lower(ctx, op, empty_key, deleted_key):
    a = op._attrs
    table = get_resource(ctx, op, lambda name: TableResource(name, a["key_dtype"], a["value_dtype"], True))
    if np.array_equal(np.asarray(empty_key), np.asarray(deleted_key)):
        raise errors.InvalidArgumentError(None, op, "Empty and deleted keys cannot be equal")
    table.value_shape = tuple(a["value_shape"])
    table.reserved = {_py_key(np.asarray(empty_key).item()): "empty_key",
                      _py_key(np.asarray(deleted_key).item()): "deleted_key"}
    return table


register_session_op("MutableDenseHashTableV2", scalar_infer(dtypes.resource), _dense_table_lower)
register_session_op("MutableHashTableV2", scalar_infer(dtypes.resource), _table_lower(True))


def _import_lower(ctx, op, table, keys, values):
    keys, values = np.asarray(keys), np.asarray(values)
    if keys.shape != values.shape:
        raise errors.InvalidArgumentError(None, op, "Expected shape %s for value, got %s"
                                          % (list(keys.shape), list(values.shape)))
    _initialize(op, table, keys.reshape(-1), values.reshape(-1))


def _import_infer(op):
    keys, values = op.inputs[1].shape, op.inputs[2].shape
    if keys.ndims is not None and values.ndims is not None and keys.ndims == values.ndims:
        for k, v in zip(keys.as_list(), values.as_list()):
            if k is not None and v is not None and k != v:
                raise shape_error(op, "Dimensions must be equal, but are %d and %d" % (k, v))
    return []


register_session_op("LookupTableImportV2", _import_infer, _import_lower)


def _text_file_records(op, filename, key_index, value_index, vocab_size, delimiter):
    """TF's TextFileLineIterator: one (key, value) per line; LINE_NUMBER (-1) or WHOLE_LINE (-2)."""
    try:
        with open(filename, "rb") as f:
            lines = f.read().split(b"\n")
    except OSError as e:
        raise errors.NotFoundError(None, op, "%s; No such file or directory" % filename) from e
    if lines and lines[-1] == b"":
        lines.pop()
    delim = delimiter.encode() if isinstance(delimiter, str) else delimiter
    pairs, pos = [], 0
    for n, line in enumerate(lines):
        pos += len(line) + 1
        if vocab_size != -1 and n >= vocab_size:
            break
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line:
            raise errors.InvalidArgumentError(None, op, "Invalid content in %s: empty line found at position %d."
                                              % (filename, pos))
        tokens = line.split(delim) if max(key_index, value_index) >= 0 else [line]
        need = max(key_index, value_index) + 1
        if len(tokens) < need:
            raise errors.InvalidArgumentError(None, op, "Invalid number of columns in %s line %d (%s) : expected "
                                              "%d got %d" % (filename, n, line.decode("utf-8", "replace"),
                                                             need, len(tokens)))
        pairs.append(tuple(n if i == -1 else line if i == -2 else tokens[i] for i in (key_index, value_index)))
    if vocab_size != -1 and len(pairs) != vocab_size:
        raise errors.InvalidArgumentError(None, op, "Invalid vocab_size in %s: expected %d but got %d"
                                          % (filename, vocab_size, len(pairs)))
    return pairs


def _parse(op, raw, dtype, filename, line):
    if isinstance(raw, int) or dtype == dtypes.string:
        return raw
    try:
        return int(raw) if dtype.is_integer else float(raw)
    except ValueError:
        raise errors.InvalidArgumentError(None, op, "Field %s in line %d is not a valid %s."
                                          % (raw.decode("utf-8", "replace"), line, dtype.name)) from None


def _text_init_lower(ctx, op, table, filename):
    a = op._attrs
    name = _py_key(np.asarray(filename).item()).decode()
    pairs = _text_file_records(op, name, a["key_index"], a["value_index"], a["vocab_size"], a["delimiter"])
    keys = [_parse(op, k, table.key_dtype, name, n) for n, (k, _) in enumerate(pairs)]
    values = [_parse(op, v, table.value_dtype, name, n) for n, (_, v) in enumerate(pairs)]
    _initialize(op, table, keys, values)


register_session_op("InitializeTableFromTextFileV2", no_outputs, _text_init_lower)


def _find_infer(op):
    # Values have the keys' shape followed by the table's value shape (a dense table's default's).
    value_shape = op.inputs[2].shape if op.inputs[2].shape.ndims else TensorShape([])
    return [(op._attrs["Tout"], op.inputs[1].shape.concatenate(value_shape))]


def _find_lower(ctx, op, table, keys, default):
    _check_initialized(op, table)
    keys = np.asarray(keys)
    default = np.asarray(default)
    if default.ndim:  # vector values (DenseHashTable): stacked rows
        found = [table.data.get(_py_key(k), default) for k in keys.reshape(-1)]
        return np.asarray(found, dtype=table.value_dtype.as_numpy_dtype).reshape(keys.shape + default.shape)
    default = _py_key(default.item())
    found = [table.data.get(_py_key(k), default) for k in keys.reshape(-1)]
    return _np_values(found, table.value_dtype, keys.shape)


register_session_op("LookupTableFindV2", _find_infer, _find_lower)


def _size_lower(ctx, op, table):
    # TF's size of a table not yet initialized is 0, not an error.
    return np.int64(len(table.data))


register_session_op("LookupTableSizeV2", scalar_infer(dtypes.int64), _size_lower)


def _export_lower(ctx, op, table):
    keys = list(table.data)
    values = [table.data[k] for k in keys]
    if table.value_shape:
        values = np.asarray(values, table.value_dtype.as_numpy_dtype).reshape((len(keys),) + table.value_shape)
    else:
        values = _np_values(values, table.value_dtype, (len(keys),))
    return _np_values(keys, table.key_dtype, (len(keys),)), values


# TF 1.15's shape function: keys a vector, values of unknown shape.
register_session_op("LookupTableExportV2",
                    lambda op: [(op._attrs["Tkeys"], TensorShape([None])),
                                (op._attrs["Tvalues"], TensorShape(None))], _export_lower)


def _insert_lower(ctx, op, table, keys, values):
    keys, values = np.asarray(keys), np.asarray(values)
    value_shape = tuple(table.value_shape)
    if values.shape != keys.shape + value_shape:
        raise errors.InvalidArgumentError(None, op, "Expected shape %s for value, got %s"
                                          % (list(keys.shape + value_shape), list(values.shape)))
    keys = keys.reshape(-1)
    for k in keys:
        if table.reserved.get(_py_key(k)):
            raise errors.InvalidArgumentError(None, op, "Using the %s as a table key is not allowed"
                                              % table.reserved[_py_key(k)])
    if value_shape:
        for k, v in zip(keys, values.reshape((-1,) + value_shape)):
            table.data[_py_key(k)] = v.copy()
    else:
        _insert(op, table, keys, values.reshape(-1), check_same=False)


def _remove_lower(ctx, op, table, keys):
    for k in np.asarray(keys).reshape(-1):
        if table.reserved.get(_py_key(k)):
            raise errors.InvalidArgumentError(None, op, "Using the %s as a table key is not allowed"
                                              % table.reserved[_py_key(k)])
        table.data.pop(_py_key(k), None)


register_session_op("LookupTableInsertV2", no_outputs, _insert_lower)
register_session_op("LookupTableRemoveV2", no_outputs, _remove_lower)


# ------------------------------------------------------------------------------ initializers

@export("tables_initializer", "initializers.tables_initializer", "initialize_all_tables")
def tables_initializer(name="init_all_tables"):
    tf = public()
    initializers = tf.get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return tf.group(*initializers, name=name)
    return tf.no_op(name=name)


def _check_table_dtypes(table, key_dtype, value_dtype):
    key_dtype, value_dtype = dtypes.as_dtype(key_dtype), dtypes.as_dtype(value_dtype)
    if key_dtype.base_dtype != table.key_dtype:
        raise TypeError("Invalid key dtype, expected %s but got %s." % (table.key_dtype, key_dtype))
    if value_dtype.base_dtype != table.value_dtype:
        raise TypeError("Invalid value dtype, expected %s but got %s." % (table.value_dtype, value_dtype))


class _KeyValueTypes:
    """The key and value dtypes tables and their initializers declare."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype


@export("contrib.lookup.TableInitializerBase")
class TableInitializerBase(_KeyValueTypes):
    def initialize(self, table):
        raise NotImplementedError

    @property
    def _shared_name(self):
        return None


@export("lookup.KeyValueTensorInitializer", "contrib.lookup.KeyValueTensorInitializer")
class KeyValueTensorInitializer(TableInitializerBase):
    """Fills a table from a keys and a values tensor (op `<name>/LookupTableImportV2`)."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = convert_to_tensor(keys, dtype=key_dtype, name="keys")
        self._values = convert_to_tensor(values, dtype=value_dtype, name="values")
        self._name = name if name is not None else "key_value_init"
        super().__init__(self._keys.dtype, self._values.dtype)

    def initialize(self, table):
        _check_table_dtypes(table, self._keys.dtype, self._values.dtype)
        with name_scope(self._name, values=(table.resource_handle, self._keys, self._values)):
            init_op = make_op("LookupTableImportV2", [table.resource_handle, self._keys, self._values],
                              attrs={"Tin": self._keys.dtype, "Tout": self._values.dtype},
                              name="LookupTableImportV2")
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        return init_op


@export("lookup.TextFileIndex", "contrib.lookup.TextFileIndex")
class TextFileIndex:
    WHOLE_LINE = -2
    LINE_NUMBER = -1


@export("lookup.TextFileInitializer", "contrib.lookup.TextFileInitializer")
class TextFileInitializer(TableInitializerBase):
    """Fills a table from a text file: one entry per line, key and value taken from a column, the whole
    line or the line number."""

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index, vocab_size=None,
                 delimiter="\t", name=None):
        if not isinstance(filename, Tensor) and not filename:
            raise ValueError("Filename required for %s." % name)
        self._filename_arg = filename
        key_dtype, value_dtype = dtypes.as_dtype(key_dtype), dtypes.as_dtype(value_dtype)
        if key_index < -2:
            raise ValueError("Invalid key index %s." % key_index)
        if key_index == TextFileIndex.LINE_NUMBER and key_dtype != dtypes.int64:
            raise ValueError("Signature mismatch. Keys must be dtype %s, got %s." % (dtypes.int64, key_dtype))
        if key_index == TextFileIndex.WHOLE_LINE and not key_dtype.is_integer and key_dtype != dtypes.string:
            raise ValueError("Signature mismatch. Keys must be integer or string, got %s." % key_dtype)
        if value_index < -2:
            raise ValueError("Invalid value index %s." % value_index)
        if value_index == TextFileIndex.LINE_NUMBER and value_dtype != dtypes.int64:
            raise ValueError("Signature mismatch. Values must be dtype %s, got %s." % (dtypes.int64, value_dtype))
        if value_index == TextFileIndex.WHOLE_LINE and value_dtype != dtypes.string:
            raise ValueError("Signature mismatch. Values must be dtype %s, got %s." % (dtypes.string, value_dtype))
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError("Invalid vocab_size %s." % vocab_size)
        self._key_index = key_index
        self._value_index = value_index
        self._vocab_size = vocab_size
        self._delimiter = delimiter
        self._name = name
        self._filename = filename
        super().__init__(key_dtype, value_dtype)

    def initialize(self, table):
        _check_table_dtypes(table, self.key_dtype, self.value_dtype)
        with name_scope(self._name, "text_file_init", (table.resource_handle,)):
            filename = convert_to_tensor(self._filename, dtypes.string, name="asset_filepath")
            init_op = make_op("InitializeTableFromTextFileV2", [table.resource_handle, filename], attrs={
                "key_index": self._key_index,
                "value_index": self._value_index,
                "vocab_size": -1 if self._vocab_size is None else self._vocab_size,
                "delimiter": self._delimiter}, name="InitializeTableFromTextFileV2")
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        if filename.op.type == "Const":
            add_to_collection(GraphKeys.ASSET_FILEPATHS, filename)
        return init_op

    @property
    def _shared_name(self):
        if self._vocab_size:
            return "hash_table_%s_%d_%s_%s" % (self._filename_arg, self._vocab_size, self._key_index,
                                               self._value_index)
        return "hash_table_%s_%s_%s" % (self._filename_arg, self._key_index, self._value_index)


@export("contrib.lookup.TextFileStringTableInitializer")
class TextFileStringTableInitializer(TextFileInitializer):
    def __init__(self, filename, key_column_index=TextFileIndex.LINE_NUMBER,
                 value_column_index=TextFileIndex.WHOLE_LINE, vocab_size=None, delimiter="\t",
                 name="text_file_string_table_init"):
        super().__init__(filename, dtypes.int64, key_column_index, dtypes.string, value_column_index,
                         vocab_size=vocab_size, delimiter=delimiter, name=name)


@export("contrib.lookup.TextFileIdTableInitializer")
class TextFileIdTableInitializer(TextFileInitializer):
    def __init__(self, filename, key_column_index=TextFileIndex.WHOLE_LINE,
                 value_column_index=TextFileIndex.LINE_NUMBER, vocab_size=None, delimiter="\t",
                 name="text_file_id_table_init", key_dtype=dtypes.string):
        super().__init__(filename, key_dtype, key_column_index, dtypes.int64, value_column_index,
                         vocab_size=vocab_size, delimiter=delimiter, name=name)


# ------------------------------------------------------------------------------ tables

@export("contrib.lookup.LookupInterface")
class LookupInterface(_KeyValueTypes):

    @property
    def resource_handle(self):
        return self._resource_handle

    def _check_keys(self, keys):
        if not isinstance(keys, (Tensor, SparseTensor)):
            keys = convert_to_tensor(keys, dtype=self._key_dtype)
        if keys.dtype.base_dtype != self._key_dtype:
            raise TypeError("Signature mismatch. Keys must be dtype %s, got %s." % (self._key_dtype, keys.dtype))
        return keys


def _find(handle, keys, default_value, key_dtype, value_dtype):
    return make_op("LookupTableFindV2", [handle, keys, default_value],
                   attrs={"Tin": key_dtype, "Tout": value_dtype}, name="LookupTableFindV2").outputs[0]


@export("contrib.lookup.InitializableLookupTableBase")
class InitializableLookupTableBase(LookupInterface):
    def __init__(self, default_value, initializer):
        super().__init__(initializer.key_dtype, initializer.value_dtype)
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        self._default_value.get_shape().merge_with(TensorShape([]))
        self._initializer = initializer
        self._resource_handle = self._create_resource()
        self._init_op = self._initialize()

    def _initialize(self):
        return self._initializer.initialize(self)

    @property
    def default_value(self):
        return self._default_value

    @property
    def initializer(self):
        return self._init_op

    @property
    def init(self):
        return self._init_op

    def size(self, name=None):
        with name_scope(name, "%s_Size" % self.name, [self.resource_handle]):
            return make_op("LookupTableSizeV2", [self.resource_handle], name="LookupTableSizeV2").outputs[0]

    def lookup(self, keys, name=None):
        keys = self._check_keys(keys)
        key_tensor = keys.values if isinstance(keys, SparseTensor) else keys
        with name_scope(name, "%s_Lookup" % self.name, (self.resource_handle, key_tensor, self._default_value)):
            values = _find(self.resource_handle, key_tensor, self._default_value, self._key_dtype,
                           self._value_dtype)
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, values, keys.dense_shape)
        return values


export("contrib.lookup.InitializableLookupTableBaseV1")(InitializableLookupTableBase)


@export("lookup.StaticHashTable")
class StaticHashTable(InitializableLookupTableBase):
    """An immutable hash table filled by its initializer (op `hash_table`, `HashTableV2`)."""

    def __init__(self, initializer, default_value, name=None):
        self._initializer = initializer
        self._shared_name = initializer._shared_name or "hash_table_%s" % (str(uuid.uuid4()),)
        self._name = name or "hash_table"
        self._table_name = None
        super().__init__(default_value, initializer)
        self._value_shape = self._default_value.get_shape()

    def _create_resource(self):
        op = make_op("HashTableV2", [], attrs={
            "shared_name": self._shared_name, "container": "", "use_node_name_sharing": False,
            "key_dtype": self._initializer.key_dtype, "value_dtype": self._initializer.value_dtype},
            name=self._name)
        self._table_name = op.name.split("/")[-1]
        return op.outputs[0]

    @property
    def name(self):
        return self._table_name

    def export(self, name=None):
        with name_scope(name, "%s_Export" % self.name, [self.resource_handle]):
            op = make_op("LookupTableExportV2", [self.resource_handle],
                         attrs={"Tkeys": self._key_dtype, "Tvalues": self._value_dtype},
                         name="LookupTableExportV2")
        return op.outputs[0], op.outputs[1]


@export("contrib.lookup.HashTable")
class HashTable(StaticHashTable):
    """tf.contrib.lookup's HashTable: a StaticHashTable whose resource is shared only by `shared_name`."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        self._contrib_shared_name = shared_name
        super().__init__(initializer, default_value, name=name)

    def _create_resource(self):
        self._shared_name = self._contrib_shared_name or ""
        return super()._create_resource()

    def export(self, name=None):
        # contrib names the export op after its scope and gives the values the keys' shape.
        with name_scope(name, "%s_Export" % self.name, [self.resource_handle]) as scope:
            op = make_op("LookupTableExportV2", [self.resource_handle],
                         attrs={"Tkeys": self._key_dtype, "Tvalues": self._value_dtype}, name=scope)
        keys, values = op.outputs
        values.set_shape(keys.get_shape().concatenate(self._value_shape))
        return keys, values


@export("contrib.lookup.HasherSpec")
class HasherSpec(collections.namedtuple("HasherSpec", ["hasher", "key"])):
    __slots__ = ()


FastHashSpec = HasherSpec("fasthash", None)
export("contrib.lookup.FastHashSpec")(FastHashSpec)


@export("contrib.lookup.StrongHashSpec")
class StrongHashSpec(HasherSpec):
    __slots__ = ()

    def __new__(cls, key):
        if len(key) != 2:
            raise ValueError("key must have size 2, got %s." % len(key))
        if not isinstance(key[0], int) or not isinstance(key[1], int):
            raise TypeError("Invalid key %s. Must be unsigned integer values." % key)
        return super().__new__(cls, "stronghash", key)


def _as_string(tensor):
    return tensor if tensor.dtype.base_dtype == dtypes.string else public().as_string(tensor)


def _bucket_fn(hasher_spec):
    tf = public()
    if not isinstance(hasher_spec, HasherSpec):
        raise TypeError("hasher_spec must be of type HasherSpec %s" % (hasher_spec,))
    if hasher_spec.hasher == "fasthash":
        return tf.string_to_hash_bucket_fast
    if hasher_spec.hasher == "legacy":
        return tf.string_to_hash_bucket
    if hasher_spec.hasher == "stronghash":
        return lambda x, num_buckets, name=None: tf.string_to_hash_bucket_strong(x, num_buckets, hasher_spec.key,
                                                                              name=name)
    raise ValueError("Unknown hasher %s" % hasher_spec.hasher)


class _HashBucketTable(LookupInterface):
    """What IdTableWithHashBuckets and StaticVocabularyTable share: a table of ids (or none) plus
    `num_oov_buckets` buckets after it, chosen by a string hash of the key."""

    def _lookup_ids(self, keys, name, hasher_spec):
        tf = public()
        keys = self._check_keys(keys)
        values = keys.values if isinstance(keys, SparseTensor) else keys
        if self._table and self._table.key_dtype.base_dtype == dtypes.int64:
            values = tf.cast(values, dtypes.int64)
        if self._num_oov_buckets == 0:
            ids = self._table.lookup(values, name=name)
        else:
            with name_scope(name, "%s_Lookup" % self.name):
                buckets = _bucket_fn(hasher_spec)(_as_string(values), num_buckets=self._num_oov_buckets,
                                                  name="hash_bucket")
                if self._table:
                    ids = self._table.lookup(values)
                    buckets = tf.add(buckets, self._table.size())
                    is_id_non_default = tf.not_equal(ids, self._table.default_value)
                    ids = tf.where_v2(is_id_non_default, ids, buckets)
                else:
                    ids = buckets
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, ids, keys.dense_shape)
        return ids

    @property
    def resource_handle(self):
        return self._table.resource_handle if self._table is not None else None

    @property
    def name(self):
        return self._table_name

    @property
    def initializer(self):
        if self._table is not None:
            return self._table._init_op
        with name_scope(None, "init"):
            return public().no_op()

    init = initializer

    def size(self, name=None):
        with name_scope(name, "%s_Size" % self.name):
            tsize = self._table.size() if self._table else convert_to_tensor(0, dtype=dtypes.int64)
            return tsize + self._num_oov_buckets


@export("contrib.lookup.IdTableWithHashBuckets")
class IdTableWithHashBuckets(_HashBucketTable):
    def __init__(self, table, num_oov_buckets, hasher_spec=FastHashSpec, name=None, key_dtype=None):
        if name:
            name = name.rstrip("/")
        if table:
            if key_dtype is None:
                key_dtype = table.key_dtype
            supported = (dtypes.int64, dtypes.string)
            if table.key_dtype not in supported:
                raise TypeError("Invalid key dtype, expected one of %s, but got %s." % (supported, key_dtype))
            if table.key_dtype.is_integer != key_dtype.is_integer:
                raise TypeError("Invalid key dtype, expected %s but got %s."
                                % ("integer" if key_dtype.is_integer else "non-integer", table.key_dtype))
            if table.value_dtype != dtypes.int64:
                raise TypeError("Invalid value dtype, expected %s but got %s." % (dtypes.int64, table.value_dtype))
            self._table = table
            name = name or self._table.name
        else:
            if num_oov_buckets <= 0:
                raise ValueError("oov_buckets must be > 0 if no table is supplied.")
            key_dtype = dtypes.string if key_dtype is None else key_dtype
            self._table = None
            name = name or "hash_bucket"
        if not key_dtype.is_integer and key_dtype != dtypes.string:
            raise TypeError("Invalid key_dtype, expected integer or string, got %s." % key_dtype)
        self._num_oov_buckets = num_oov_buckets
        if not isinstance(hasher_spec, HasherSpec):
            raise TypeError("hasher_spec must be of type HasherSpec, got %s" % hasher_spec)
        self._hasher_spec = hasher_spec
        self._table_name = name.split("/")[-1] if name is not None else None
        super().__init__(key_dtype, dtypes.int64)

    def lookup(self, keys, name=None):
        return self._lookup_ids(keys, name, self._hasher_spec)


@export("lookup.StaticVocabularyTable")
class StaticVocabularyTable(_HashBucketTable):
    """Vocabulary ids from an initializer, and `num_oov_buckets` Fingerprint64 buckets after them."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None):
        if num_oov_buckets <= 0:
            raise ValueError("oov_buckets must be > 0.")
        if name:
            name = name.rstrip("/")
        if initializer:
            if lookup_key_dtype is None:
                lookup_key_dtype = initializer.key_dtype
            supported = (dtypes.int64, dtypes.string)
            if initializer.key_dtype not in supported:
                raise TypeError("Invalid key dtype, expected one of %s, but got %s." % (supported,
                                                                                       initializer.key_dtype))
            if initializer.key_dtype.is_integer != lookup_key_dtype.is_integer:
                raise TypeError("Invalid key dtype, expected %s but got %s."
                                % ("integer" if lookup_key_dtype.is_integer else "non-integer",
                                   initializer.key_dtype))
            if initializer.value_dtype != dtypes.int64:
                raise TypeError("Invalid value dtype, expected %s but got %s." % (dtypes.int64,
                                                                                 initializer.value_dtype))
            self._table = StaticHashTable(initializer, default_value=-1)
            name = name or self._table.name
        else:
            lookup_key_dtype = dtypes.string
            self._table = None
            name = name or "hash_bucket"
        if not lookup_key_dtype.is_integer and lookup_key_dtype != dtypes.string:
            raise TypeError("Invalid key_dtype, expected integer or string, got %s." % lookup_key_dtype)
        self._num_oov_buckets = num_oov_buckets
        self._table_name = name.split("/")[-1] if name is not None else None
        super().__init__(lookup_key_dtype, dtypes.int64)

    def lookup(self, keys, name=None):
        return self._lookup_ids(keys, name, FastHashSpec)


@export("contrib.lookup.MutableHashTable")
class MutableHashTable(LookupInterface):
    """A table filled by `insert` and emptied by `remove` (scalar values only in tf1)."""

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable", checkpoint=True):
        self._default_value = convert_to_tensor(default_value, dtype=value_dtype)
        if self._default_value.get_shape().ndims != 0:
            raise NotImplementedError("tf1's MutableHashTable holds scalar values only")
        self._name = name
        self._shared_name = "table_%d" % uuid.uuid4().int if not checkpoint else None
        super().__init__(key_dtype, value_dtype)
        op = make_op("MutableHashTableV2", [], attrs={
            "shared_name": self._shared_name or "", "container": "", "use_node_name_sharing": checkpoint,
            "key_dtype": self._key_dtype, "value_dtype": self._value_dtype}, name=name)
        self._table_name = op.name.split("/")[-1]
        self._resource_handle = op.outputs[0]
        if checkpoint:
            # TF builds the table's saveable (an export of keys and values) with the table.
            self.export()

    @property
    def name(self):
        return self._table_name

    def size(self, name=None):
        with name_scope(name, "%s_Size" % self.name, [self.resource_handle]):
            return make_op("LookupTableSizeV2", [self.resource_handle], name="LookupTableSizeV2").outputs[0]

    def lookup(self, keys, name=None):
        keys = self._check_keys(keys)
        with name_scope(name, "%s_lookup_table_find" % self.name,
                        (self.resource_handle, keys, self._default_value)):
            return _find(self.resource_handle, keys, self._default_value, self._key_dtype, self._value_dtype)

    def insert(self, keys, values, name=None):
        keys = self._check_keys(keys)
        values = convert_to_tensor(values, self._value_dtype, name="values")
        with name_scope(name, "%s_lookup_table_insert" % self.name, [self.resource_handle, keys, values]):
            return make_op("LookupTableInsertV2", [self.resource_handle, keys, values],
                           attrs={"Tin": self._key_dtype, "Tout": self._value_dtype}, name="LookupTableInsertV2")

    def remove(self, keys, name=None):
        keys = self._check_keys(keys)
        with name_scope(name, "%s_lookup_table_remove" % self.name, (self.resource_handle, keys)):
            return make_op("LookupTableRemoveV2", [self.resource_handle, keys],
                           attrs={"Tin": self._key_dtype}, name="LookupTableRemoveV2")

    def export(self, name=None):
        with name_scope(name, "%s_lookup_table_export_values" % self.name, [self.resource_handle]):
            op = make_op("LookupTableExportV2", [self.resource_handle],
                         attrs={"Tkeys": self._key_dtype, "Tvalues": self._value_dtype},
                         name="LookupTableExportV2")
        return op.outputs[0], op.outputs[1]


@export("lookup.experimental.DenseHashTable", "contrib.lookup.MutableDenseHashTable")
class DenseHashTable(MutableHashTable):
    """A mutable table whose keys exclude two reserved values (`empty_key`, `deleted_key`), and whose
    values may be vectors (the default value's shape). Open addressing is the kernel's business: tf1
    keeps a dict, so `initial_num_buckets` only sizes nothing."""

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key, initial_num_buckets=None,
                 name="MutableDenseHashTable", checkpoint=True):
        LookupInterface.__init__(self, key_dtype, value_dtype)
        self._default_value = convert_to_tensor(default_value, dtype=value_dtype, name="default_value")
        self._value_shape = self._default_value.get_shape()
        self._initial_num_buckets = initial_num_buckets
        self._name = name
        self._empty_key = convert_to_tensor(empty_key, dtype=key_dtype, name="empty_key")
        self._deleted_key = convert_to_tensor(deleted_key, dtype=key_dtype, name="deleted_key")
        op = make_op("MutableDenseHashTableV2", [self._empty_key, self._deleted_key], attrs={
            "shared_name": "", "container": "", "use_node_name_sharing": checkpoint,
            "key_dtype": self._key_dtype, "value_dtype": self._value_dtype, "value_shape": self._value_shape,
            "initial_num_buckets": initial_num_buckets or 131072, "max_load_factor": 0.8}, name=name)
        self._table_name = op.name.split("/")[-1]
        self._resource_handle = op.outputs[0]
        if checkpoint:
            self.export()

    def insert_or_assign(self, keys, values, name=None):
        with name_scope(name, "%s_lookup_table_insert" % self.name, [self.resource_handle, keys, values]):
            keys = convert_to_tensor(keys, dtype=self._key_dtype, name="keys")
            values = convert_to_tensor(values, dtype=self._value_dtype, name="values")
            return make_op("LookupTableInsertV2", [self.resource_handle, keys, values],
                           attrs={"Tin": self._key_dtype, "Tout": self._value_dtype}, name="LookupTableInsertV2")

    def insert(self, keys, values, name=None):
        return self.insert_or_assign(keys, values, name)

    def erase(self, keys, name=None):
        keys = self._check_keys(keys)
        with name_scope(name, "%s_lookup_table_remove" % self.name, (self.resource_handle, keys,
                                                                     self._deleted_key)):
            return make_op("LookupTableRemoveV2", [self.resource_handle, keys], attrs={"Tin": self._key_dtype},
                           name="LookupTableRemoveV2")

    def remove(self, keys, name=None):
        return self.erase(keys, name)

    def export(self, name=None):
        keys, values = super().export(name)
        values.set_shape(keys.get_shape().concatenate(self._value_shape))
        return keys, values


# ------------------------------------------------------------------------------ vocabulary helpers

def _check_oov(num_oov_buckets):
    if num_oov_buckets < 0:
        raise ValueError("num_oov_buckets must be greater or equal than 0, got %d." % num_oov_buckets)


@export("contrib.lookup.index_table_from_file")
def index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                          hasher_spec=FastHashSpec, key_dtype=dtypes.string, name=None,
                          key_column_index=TextFileIndex.WHOLE_LINE, value_column_index=TextFileIndex.LINE_NUMBER,
                          delimiter="\t"):
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    _check_oov(num_oov_buckets)
    if vocab_size is not None and vocab_size < 1:
        shown = vocabulary_file
        if isinstance(vocabulary_file, Tensor):
            shown = constant_value(vocabulary_file) or "?"
        raise ValueError("vocab_size must be greater than 0, got %d. vocabulary_file: %s" % (vocab_size, shown))
    key_dtype = dtypes.as_dtype(key_dtype)
    if not key_dtype.is_integer and key_dtype.base_dtype != dtypes.string:
        raise TypeError("Only integer and string keys are supported.")
    with name_scope(name, "string_to_index"):
        with name_scope(None, "hash_table"):
            init = TextFileIdTableInitializer(
                vocabulary_file, vocab_size=vocab_size,
                key_dtype=dtypes.int64 if key_dtype.is_integer else key_dtype, name="table_init",
                key_column_index=key_column_index, value_column_index=value_column_index, delimiter=delimiter)
            table = StaticHashTable(init, default_value)
        if num_oov_buckets:
            table = IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec,
                                           key_dtype=key_dtype)
        return table


def index_table_from_tensor(vocabulary_list, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                            dtype=dtypes.string, name=None):
    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    _check_oov(num_oov_buckets)
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_integer and dtype.base_dtype != dtypes.string:
        raise TypeError("Only integer and string keys are supported.")
    tf = public()
    with name_scope(name, "string_to_index"):
        keys = convert_to_tensor(vocabulary_list)
        if keys.dtype.is_integer != dtype.is_integer:
            raise ValueError("Expected %s, got %s." % ("integer" if dtype.is_integer else "non-integer", keys.dtype))
        if not dtype.is_integer and keys.dtype.base_dtype != dtype:
            raise ValueError("Expected %s, got %s." % (dtype, keys.dtype))
        num_elements = tf.size(keys)
        values = tf.cast(tf.range(num_elements), dtypes.int64)
        with name_scope(None, "hash_table"):
            table_keys = tf.cast(keys, dtypes.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(table_keys, values, table_keys.dtype.base_dtype, dtypes.int64,
                                             name="table_init")
            table = StaticHashTable(init, default_value)
        if num_oov_buckets:
            table = IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec,
                                           key_dtype=dtype)
        return table


@export("contrib.lookup.index_to_string_table_from_file")
def index_to_string_table_from_file(vocabulary_file, vocab_size=None, default_value="UNK", name=None,
                                    key_column_index=TextFileIndex.LINE_NUMBER,
                                    value_column_index=TextFileIndex.WHOLE_LINE, delimiter="\t"):
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")
    if vocab_size is not None and vocab_size < 1:
        raise ValueError("vocab_size must be greater than 0, got %d." % vocab_size)
    with name_scope(name, "index_to_string"):
        init = TextFileStringTableInitializer(vocabulary_file, vocab_size=vocab_size, name="table_init",
                                              key_column_index=key_column_index,
                                              value_column_index=value_column_index, delimiter=delimiter)
        return StaticHashTable(init, default_value)


def index_to_string_table_from_tensor(vocabulary_list, default_value="UNK", name=None):
    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    tf = public()
    with name_scope(name, "index_to_string"):
        vocabulary_list = convert_to_tensor(vocabulary_list, dtypes.string)
        num_elements = tf.size(vocabulary_list)
        keys = tf.cast(tf.range(num_elements), dtypes.int64)
        init = KeyValueTensorInitializer(keys, vocabulary_list, dtypes.int64, dtypes.string, name="table_init")
        return StaticHashTable(init, default_value)


# tf.contrib.lookup's wrappers name the vocabulary `mapping`.

@export("contrib.lookup.index_table_from_tensor")
def contrib_index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                                    dtype=dtypes.string, name=None):
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return index_table_from_tensor(vocabulary_list=mapping, num_oov_buckets=num_oov_buckets,
                                   default_value=default_value, hasher_spec=hasher_spec, dtype=dtype, name=name)


@export("contrib.lookup.index_to_string_table_from_tensor")
def contrib_index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return index_to_string_table_from_tensor(vocabulary_list=mapping, default_value=default_value, name=name)


@export("contrib.lookup.string_to_index_table_from_tensor")
def string_to_index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                                      name=None):
    with name_scope(name, "string_to_index") as scope:
        mapping = convert_to_tensor(mapping)
    if mapping.dtype.base_dtype != dtypes.string:
        raise ValueError("string_to_index_table_from_tensor requires string.")
    return index_table_from_tensor(mapping, num_oov_buckets, default_value, hasher_spec, name=scope)


@export("contrib.lookup.string_to_index_table_from_file")
def string_to_index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                                    hasher_spec=FastHashSpec, name=None):
    return index_table_from_file(vocabulary_file, num_oov_buckets, vocab_size, default_value, hasher_spec,
                                 key_dtype=dtypes.string, name=name)


@export("contrib.lookup.index_to_string")
def index_to_string(tensor, mapping, default_value="UNK", name=None):
    table = contrib_index_to_string_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)


@export("contrib.lookup.string_to_index")
def string_to_index(tensor, mapping, default_value=-1, name=None):
    table = contrib_index_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)
