"""TFRecord files: `tf.python_io.TFRecordWriter`, `tf_record_iterator`, `TFRecordOptions`.

A record is framed as: uint64 length, masked crc32c of those 8 bytes, the data, masked crc32c of the
data (all little-endian). GZIP / ZLIB files are the same stream run through zlib with TF's
ZlibCompressionOptions defaults (default level, memLevel 9, default strategy).
"""
import os
import struct
import zlib

import google_crc32c

from ..api import export
from ..framework import errors

_MASK_DELTA = 0xA282EAD8


def masked_crc32c(data):
    """TF's crc32c::Mask: rotate right by 15 bits and add a constant, so CRCs of CRCs stay strong."""
    crc = google_crc32c.value(bytes(data))
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def frame(record):
    """One record as the bytes a TFRecord file holds for it."""
    record = bytes(record)
    header = struct.pack("<Q", len(record))
    return (header + struct.pack("<I", masked_crc32c(header)) + record
            + struct.pack("<I", masked_crc32c(record)))


@export("io.TFRecordCompressionType", "python_io.TFRecordCompressionType")
class TFRecordCompressionType:
    NONE = 0
    ZLIB = 1
    GZIP = 2


@export("io.TFRecordOptions", "python_io.TFRecordOptions")
class TFRecordOptions:
    """Options for TFRecordWriter / tf_record_iterator: compression and zlib parameters."""

    compression_type_map = {
        TFRecordCompressionType.ZLIB: "ZLIB",
        TFRecordCompressionType.GZIP: "GZIP",
        TFRecordCompressionType.NONE: "",
    }

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        # Validated now, kept as given (TF keeps the enum for backwards compatibility).
        self.get_compression_type_string(compression_type)
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if options in cls.compression_type_map.values():
            return options
        raise ValueError('Not a valid compression_type: "{}"'.format(options))

    def _window_bits(self):
        kind = self.get_compression_type_string(self)
        bits = self.window_bits if self.window_bits is not None else zlib.MAX_WBITS
        return bits + 16 if kind == "GZIP" else bits


def _options(options):
    return options if isinstance(options, TFRecordOptions) else TFRecordOptions(compression_type=options)


def _open_error(path, exc):
    cls = errors.NotFoundError if isinstance(exc, FileNotFoundError) else errors.UnknownError
    return cls(None, None, "%s; %s" % (path, exc.strerror or exc))


@export("io.TFRecordWriter", "python_io.TFRecordWriter")
class TFRecordWriter:
    """`TFRecordWriter(path, options=None)`: writes framed records, compressed if asked."""

    def __init__(self, path, options=None):
        options = _options(options)
        self._kind = TFRecordOptions.get_compression_type_string(options)
        try:
            self._file = open(os.fspath(path), "wb")
        except OSError as e:
            raise _open_error(path, e) from None
        self._compressor = None
        if self._kind:
            def pick(value, default):
                return default if value is None else value
            self._compressor = zlib.compressobj(
                pick(options.compression_level, zlib.Z_DEFAULT_COMPRESSION), zlib.DEFLATED,
                options._window_bits(), pick(options.mem_level, 9),
                pick(options.compression_strategy, zlib.Z_DEFAULT_STRATEGY))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def write(self, record):
        if isinstance(record, str):
            record = record.encode("utf-8")
        data = frame(record)
        if self._compressor is not None:
            data = self._compressor.compress(data)
        self._file.write(data)

    def flush(self):
        if self._compressor is not None:
            self._file.write(self._compressor.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        if self._file is None:
            return
        if self._compressor is not None:
            self._file.write(self._compressor.flush(zlib.Z_FINISH))
            self._compressor = None
        self._file.close()
        self._file = None


class _Stream:
    """The uncompressed bytes of a record file, read incrementally."""

    def __init__(self, f, kind, window_bits):
        self._f = f
        self._d = zlib.decompressobj(window_bits) if kind else None
        self._buf = b""

    def read(self, n):
        while len(self._buf) < n:
            chunk = self._f.read(1 << 16)
            if not chunk:
                if self._d is not None:
                    self._buf += self._d.flush()
                    self._d = None
                    continue
                break
            self._buf += self._d.decompress(chunk) if self._d is not None else chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out


def read_records(path, options=None):
    """Yields the records of a TFRecord file, checking both CRCs (DataLossError as TF)."""
    options = _options(options)
    kind = TFRecordOptions.get_compression_type_string(options)
    try:
        f = open(os.fspath(path), "rb")
    except OSError as e:
        raise _open_error(path, e) from None
    with f:
        stream = _Stream(f, kind, options._window_bits())
        offset = 0
        while True:
            header = stream.read(12)
            if not header:
                return
            if len(header) < 12:
                raise errors.DataLossError(None, None, "truncated record at %d" % offset)
            length_bytes = header[:8]
            if struct.unpack("<I", header[8:])[0] != masked_crc32c(length_bytes):
                raise errors.DataLossError(None, None, "corrupted record at %d" % offset)
            (length,) = struct.unpack("<Q", length_bytes)
            body = stream.read(length + 4)
            if len(body) < length + 4:
                raise errors.DataLossError(None, None, "truncated record at %d" % offset)
            data = body[:length]
            if struct.unpack("<I", body[length:])[0] != masked_crc32c(data):
                raise errors.DataLossError(None, None, "corrupted record at %d" % offset)
            yield data
            offset += 16 + length


@export("io.tf_record_iterator", "python_io.tf_record_iterator")
def tf_record_iterator(path, options=None):
    """An iterator over the records of the TFRecord file at `path`."""
    return read_records(path, options)
