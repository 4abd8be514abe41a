"""TensorFlow's tensor bundle (V2 checkpoint) files, byte-compatible with
`tensorflow/core/util/tensor_bundle/tensor_bundle.cc`.

`<prefix>.index` is an SSTable: key "" holds a BundleHeaderProto, every other (sorted) key a
BundleEntryProto naming the dtype, shape, shard, offset, size and masked CRC32C of the tensor's bytes
in `<prefix>.data-00000-of-00001`. Numeric tensors are stored as their raw little-endian bytes;
string tensors as `varint64 length...`, the masked CRC32C of the lengths (as uint32), then the bytes.

Writing goes to temporary names, renamed into place only when both files are complete, so a crash
mid-save leaves any previous checkpoint under the same prefix intact. Reading checks every CRC and
bound: a damaged file raises `DataLossError` naming it, never returns wrong values.
"""
import os
import struct
import uuid

import numpy as np

from ..framework import dtypes, errors
from . import sstable
from .protos import BundleEntryProto, BundleHeaderProto

TENSOR_BUNDLE_VERSION = 1       # kTensorBundleVersion
TENSOR_BUNDLE_MIN_CONSUMER = 0  # kTensorBundleMinConsumer
HEADER_KEY = b""


def data_filename(prefix, shard_id=0, num_shards=1):
    return "%s.data-%05d-of-%05d" % (prefix, shard_id, num_shards)


def index_filename(prefix):
    return "%s.index" % prefix


def _key_bytes(key):
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def _shape_proto(shape, entry):
    entry.shape.SetInParent()
    for d in shape:
        entry.shape.dim.add(size=int(d))


# ------------------------------------------------------------------------------------ tensor bytes

def encode_tensor(dtype, value):
    """(bytes written to the data file, unmasked crc32c TF stores for them)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype == dtypes.string:
        elems = [_to_bytes(x) for x in np.asarray(value, dtype=object).reshape(-1)]
        lengths = bytearray()
        crc = 0
        for e in elems:
            sstable.put_varint(lengths, len(e))
            # TF checksums each length as a uint32 (uint64 above 4 GiB), not its varint bytes.
            crc = sstable.crc32c(struct.pack("<I", len(e)) if len(e) <= 0xFFFFFFFF
                                 else struct.pack("<Q", len(e)), crc)
        length_checksum = struct.pack("<I", sstable.mask(crc))
        crc = sstable.crc32c(length_checksum, crc)
        body = b"".join(elems)
        crc = sstable.crc32c(body, crc)
        return bytes(lengths) + length_checksum + body, crc
    np_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
    data = np.ascontiguousarray(np.asarray(value).astype(np_dtype, copy=False)).tobytes()
    return data, sstable.crc32c(data)


from ..framework.tensor_util import _to_bytes  # noqa: E402  (one str/bytes rule for all protos)


# ------------------------------------------------------------------------------------------ writer

class BundleWriter:
    """Collects tensors (in the order added) and writes `<prefix>.index` + `.data-00000-of-00001`."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.entries = {}
        self.chunks = []
        self.size = 0

    def add(self, key, dtype, value):
        kb = _key_bytes(key)
        if kb == HEADER_KEY:
            raise errors.InvalidArgumentError(None, None, "Cannot save a tensor under the empty key")
        if kb in self.entries:
            raise errors.InvalidArgumentError(None, None, "Adding duplicate key: %s" % kb.decode("utf-8", "replace"))
        dtype = dtypes.as_dtype(dtype).base_dtype
        value = np.asarray(value, dtype=object if dtype == dtypes.string else None)
        data, crc = encode_tensor(dtype, value)
        entry = BundleEntryProto(dtype=dtype.as_datatype_enum, shard_id=0, offset=self.size,
                                 size=len(data), crc32c=sstable.mask(crc))
        _shape_proto(value.shape, entry)
        self.entries[kb] = entry
        self.chunks.append(data)
        self.size += len(data)

    def index_bytes(self):
        table = sstable.TableBuilder()
        header = BundleHeaderProto(num_shards=1, endianness=BundleHeaderProto.LITTLE)
        header.version.producer = TENSOR_BUNDLE_VERSION
        header.version.min_consumer = TENSOR_BUNDLE_MIN_CONSUMER
        table.add(HEADER_KEY, header.SerializeToString())
        for key in sorted(self.entries):
            table.add(key, self.entries[key].SerializeToString())
        return table.finish()

    def finish(self):
        directory = os.path.dirname(self.prefix)
        if directory:
            os.makedirs(directory, exist_ok=True)
        tag = ".tempstate%d" % (uuid.uuid4().int >> 64)
        final_data, final_index = data_filename(self.prefix), index_filename(self.prefix)
        tmp_data, tmp_index = final_data + tag, final_index + tag
        try:
            _write_file(tmp_data, self.chunks)
            _write_file(tmp_index, [self.index_bytes()])
            os.replace(tmp_data, final_data)
            os.replace(tmp_index, final_index)
        except OSError as e:
            for p in (tmp_data, tmp_index):
                if os.path.exists(p):
                    os.remove(p)
            raise _os_error(e, self.prefix) from None


def _write_file(path, chunks):
    with open(path, "wb") as f:
        for c in chunks:
            f.write(c)
        f.flush()
        os.fsync(f.fileno())


def _os_error(e, path):
    cls = errors.NotFoundError if isinstance(e, FileNotFoundError) else (
        errors.PermissionDeniedError if isinstance(e, PermissionError) else errors.UnknownError)
    return cls(None, None, "%s; %s" % (e.filename or path, e.strerror or e))


def write_bundle(prefix, items):
    """Writes [(key, dtype, value), ...] (data in this order) as the bundle `prefix`."""
    w = BundleWriter(prefix)
    for key, dtype, value in items:
        w.add(key, dtype, value)
    w.finish()


# ------------------------------------------------------------------------------------------ reader

def _data_loss(msg):
    return errors.DataLossError(None, None, msg)


class BundleReader:
    """Reads a bundle's index eagerly (it is small) and tensors on demand, checking every CRC."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.index_path = index_filename(prefix)
        if not os.path.isfile(self.index_path):
            raise errors.NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: Failed "
                                       "to find any matching files for %s" % prefix)
        with open(self.index_path, "rb") as f:
            data = f.read()
        try:
            table = sstable.TableReader(data, self.index_path)
        except sstable.TableError as e:
            raise _data_loss("%s: %s" % (e, self.index_path)) from None
        self.entries = {}
        header = None
        try:
            for key, value in table.items():
                if header is None:
                    if key != HEADER_KEY:
                        raise sstable.TableError("header entry missing")
                    header = self._parse(BundleHeaderProto, key, value)
                else:
                    self.entries[key.decode("utf-8", "surrogateescape")] = value
        except sstable.TableError as e:
            raise _data_loss("Unable to read file (%s). Perhaps the file is corrupt or was produced by "
                             "a newer version of TensorFlow with format changes (failed to seek to "
                             "header entry): %s" % (self.index_path, e)) from None
        if header is None:
            raise _data_loss("Unable to read file (%s). Perhaps the file is corrupt or was produced by "
                             "a newer version of TensorFlow with format changes (failed to seek to "
                             "header entry)" % self.index_path)
        self.num_shards = header.num_shards
        self.big_endian = header.endianness == BundleHeaderProto.BIG
        if header.version.min_consumer > TENSOR_BUNDLE_VERSION:
            raise errors.InvalidArgumentError(
                None, None, "Checkpoint min consumer version %d above current version %d for "
                "checkpoint. Please upgrade TensorFlow." % (header.version.min_consumer,
                                                          TENSOR_BUNDLE_VERSION))
        for v in header.version.bad_consumers:
            if v == TENSOR_BUNDLE_VERSION:
                raise errors.InvalidArgumentError(
                    None, None, "Checkpoint disallows consumer version %d. Please upgrade TensorFlow: "
                    "this version is likely buggy." % v)
        self._parsed = {}
        self._data_files = {}

    @staticmethod
    def _parse(cls, key, value):
        msg = cls()
        try:
            msg.ParseFromString(value)
        except Exception:
            raise sstable.TableError("Entry for key %s not parseable." % key.decode("utf-8", "replace"))
        return msg

    # -- metadata
    def keys(self):
        return sorted(self.entries)

    def has(self, key):
        return key in self.entries

    def entry(self, key):
        e = self._parsed.get(key)
        if e is None:
            if key not in self.entries:
                raise errors.NotFoundError(None, None, "Key %s not found in checkpoint" % key)
            try:
                e = self._parse(BundleEntryProto, key.encode("utf-8", "surrogateescape"), self.entries[key])
            except sstable.TableError as err:
                raise _data_loss(str(err)) from None
            if any(d.size < 0 for d in e.shape.dim) or e.shape.unknown_rank:
                raise _data_loss("Invalid tensor shape: %s %s" % (key, _short(e.shape)))
            self._parsed[key] = e
        return e

    def dtype(self, key):
        return dtypes.as_dtype(self.entry(key).dtype)

    def shape(self, key):
        return [d.size for d in self.entry(key).shape.dim]

    def debug_string(self):
        """BundleReader::DebugString: `name (DT_FLOAT) [2,3]` lines, sliced entries skipped."""
        lines = []
        for key in self.keys():
            e = self.entry(key)
            if len(e.slices):
                continue
            lines.append("%s (%s) [%s]\n" % (key, _dt_name(e.dtype), ",".join(str(d) for d in self.shape(key))))
        return "".join(lines)

    # -- values
    def lookup(self, key):
        """The tensor stored under `key` as a numpy array (object array of bytes for strings)."""
        e = self.entry(key)
        if len(e.slices):
            raise errors.UnimplementedError(
                None, None, "tf1 cannot read the partitioned (sliced) tensor %s of checkpoint %s"
                % (key, self.prefix))
        dtype = dtypes.as_dtype(e.dtype)
        shape = self.shape(key)
        n = int(np.prod(shape, dtype=np.int64))
        data = self._read(e, key)
        if dtype == dtypes.string:
            return self._decode_strings(e, data, n, shape)
        np_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder(">" if self.big_endian else "<")
        expected = n * np_dtype.itemsize
        if e.size != expected:
            raise _data_loss("Invalid size in bundle entry: key %s; stored size %d; expected size %d"
                             % (key, e.size, expected))
        self._check_crc(e, sstable.crc32c(data))
        arr = np.frombuffer(data, dtype=np_dtype).reshape(shape)
        return arr.astype(np_dtype.newbyteorder("="))

    def _read(self, e, key):
        if e.shard_id >= max(self.num_shards, 1):
            raise _data_loss("Invalid shard id %d in bundle entry: key %s" % (e.shard_id, key))
        path = data_filename(self.prefix, e.shard_id, self.num_shards)
        f = self._data_files.get(path)
        if f is None:
            try:
                f = self._data_files[path] = open(path, "rb")
            except OSError as err:
                raise _os_error(err, path) from None
        f.seek(e.offset)
        data = f.read(e.size)
        if len(data) != e.size:
            raise _data_loss("%s: Read less bytes than requested (key %s wants %d bytes at offset %d, "
                             "the file has %d)" % (path, key, e.size, e.offset, max(0, len(data))))
        return data

    def _check_crc(self, e, actual):
        if sstable.unmask(e.crc32c) != actual:
            raise _data_loss("TensorBundle at %s shard %d (%d bytes): Checksum does not match: stored "
                             "%08d vs. calculated on the restored bytes %d"
                             % (self.prefix, e.shard_id, e.size, sstable.unmask(e.crc32c), actual))

    def _decode_strings(self, e, data, n, shape):
        out = np.empty(n, dtype=object)
        if e.size == 0:
            if n:
                raise _data_loss("Invalid size in bundle entry: string tensor of %d elements stored in 0 "
                                 "bytes (%s)" % (n, self.prefix))
            return out.reshape(shape)
        pos, crc, lengths = 0, 0, []
        for _ in range(n):
            r = sstable.get_varint(data, pos)
            if r is None:
                raise _data_loss("String lengths longer than expected offset %d (%s)"
                                 % (e.offset + e.size, self.prefix))
            length, pos = r
            lengths.append(length)
            crc = sstable.crc32c(struct.pack("<I", length) if length <= 0xFFFFFFFF
                                 else struct.pack("<Q", length), crc)
        if pos + 4 > len(data):
            raise _data_loss("String lengths longer than expected offset %d (%s)"
                             % (e.offset + e.size, self.prefix))
        raw_checksum = data[pos:pos + 4]
        stored = sstable.unmask(struct.unpack(">I" if self.big_endian else "<I", raw_checksum)[0])
        if stored != crc:
            raise _data_loss("The length checksum does not match: expected %08d but actual is %08d (%s)"
                             % (stored, crc, self.prefix))
        crc = sstable.crc32c(raw_checksum, crc)
        pos += 4
        if pos + sum(lengths) != len(data):
            raise _data_loss("Invalid size in bundle entry: string tensor bytes do not fill the stored "
                             "size %d (%s)" % (e.size, self.prefix))
        for i, length in enumerate(lengths):
            out[i] = bytes(data[pos:pos + length])
            pos += length
        self._check_crc(e, sstable.crc32c(data[pos - sum(lengths):pos], crc))
        return out.reshape(shape)

    def close(self):
        for f in self._data_files.values():
            f.close()
        self._data_files = {}

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def _dt_name(enum):
    from tensorboard.compat.proto import types_pb2
    return types_pb2.DataType.Name(enum)


def _short(shape_proto):
    from google.protobuf import text_format
    return text_format.MessageToString(shape_proto, as_one_line=True)
