"""TensorFlow's SSTable (leveldb table format, `tensorflow/core/lib/io/table*.cc`): the container of a
checkpoint's `.index` file.

Layout: data blocks, an (empty) metaindex block, an index block, a 48-byte footer. A block is
prefix-compressed entries `varint shared | varint non_shared | varint value_len | key delta | value`,
then the restart offsets (uint32 each) and their count; every block is followed by a 1-byte
compression type and the masked CRC32C of contents + type. The footer holds the metaindex and index
block handles (varint64 offset, size), zero padding to 40 bytes, and the magic 0xdb4775248b80fb57.

Errors on reading are `DataLossError`s with TF's wording and the file's name; nothing half-read is
ever returned as a value.
"""
import struct

import google_crc32c

MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48            # 2 * BlockHandle::kMaxEncodedLength (2 * 10) + 8 bytes of magic
BLOCK_TRAILER_SIZE = 5      # type byte + masked crc32c
NO_COMPRESSION = 0
SNAPPY_COMPRESSION = 1
BLOCK_SIZE = 262144         # table::Options defaults (table_options.h)
RESTART_INTERVAL = 16
_MASK_DELTA = 0xA282EAD8


def crc32c(data, crc=0):
    return google_crc32c.extend(crc, bytes(data))


def mask(crc):
    """crc32c::Mask: CRCs stored next to the data they cover are rotated and offset."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked):
    rot = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def put_varint(out, v):
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def get_varint(buf, pos, limit=None):
    """(value, new position), or None if the varint runs past `limit` or is longer than 10 bytes."""
    limit = len(buf) if limit is None else limit
    result = shift = 0
    while pos < limit and shift <= 63:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
    return None


# ------------------------------------------------------------------------------------------ writing

class _BlockBuilder:
    def __init__(self, restart_interval):
        self.restart_interval = restart_interval
        self.reset()

    def reset(self):
        self.buf = bytearray()
        self.restarts = [0]
        self.counter = 0
        self.last_key = b""

    def empty(self):
        return not self.buf

    def size_estimate(self):
        return len(self.buf) + 4 * len(self.restarts) + 4

    def add(self, key, value):
        shared = 0
        if self.counter < self.restart_interval:
            n = min(len(self.last_key), len(key))
            while shared < n and self.last_key[shared] == key[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.counter = 0
        put_varint(self.buf, shared)
        put_varint(self.buf, len(key) - shared)
        put_varint(self.buf, len(value))
        self.buf += key[shared:]
        self.buf += value
        self.last_key = bytes(key)
        self.counter += 1

    def finish(self):
        for r in self.restarts:
            self.buf += struct.pack("<I", r)
        self.buf += struct.pack("<I", len(self.restarts))
        return bytes(self.buf)


def _shortest_separator(start, limit):
    n = min(len(start), len(limit))
    i = 0
    while i < n and start[i] == limit[i]:
        i += 1
    if i < n:
        b = start[i]
        if b < 0xFF and b + 1 < limit[i]:
            return start[:i] + bytes([b + 1])
    return start


def _short_successor(key):
    for i, b in enumerate(key):
        if b != 0xFF:
            return key[:i] + bytes([b + 1])
    return key


def _encode_handle(out, offset, size):
    put_varint(out, offset)
    put_varint(out, size)


class TableBuilder:
    """Writes sorted (key, value) byte pairs as an uncompressed table, exactly as TF's TableBuilder
    with `compression = kNoCompression` does."""

    def __init__(self, block_size=BLOCK_SIZE, restart_interval=RESTART_INTERVAL):
        self.block_size = block_size
        self.out = bytearray()
        self.data_block = _BlockBuilder(restart_interval)
        self.index_block = _BlockBuilder(1)
        self.last_key = b""
        self.num_entries = 0
        self.pending_handle = None

    def add(self, key, value):
        key, value = bytes(key), bytes(value)
        if self.num_entries > 0:
            if key <= self.last_key:
                raise ValueError("table keys must be added in strictly increasing order: %r after %r"
                                 % (key, self.last_key))
            if len(key) + len(value) >= 2 * self.block_size:  # kOverlyLargeBlockRatio
                self._flush()
        if self.pending_handle is not None:
            self._add_index_entry(_shortest_separator(self.last_key, key))
        self.last_key = key
        self.num_entries += 1
        self.data_block.add(key, value)
        if self.data_block.size_estimate() >= self.block_size:
            self._flush()

    def _add_index_entry(self, key):
        handle = bytearray()
        _encode_handle(handle, *self.pending_handle)
        self.index_block.add(key, bytes(handle))
        self.pending_handle = None

    def _flush(self):
        if self.data_block.empty():
            return
        self.pending_handle = self._write_block(self.data_block)

    def _write_block(self, block):
        contents = block.finish()
        block.reset()
        handle = (len(self.out), len(contents))
        trailer = bytes([NO_COMPRESSION])
        crc = crc32c(trailer, crc32c(contents))
        self.out += contents + trailer + struct.pack("<I", mask(crc))
        return handle

    def finish(self):
        """The complete file contents."""
        self._flush()
        metaindex = self._write_block(_BlockBuilder(RESTART_INTERVAL))
        if self.pending_handle is not None:
            self._add_index_entry(_short_successor(self.last_key))
        index = self._write_block(self.index_block)
        footer = bytearray()
        _encode_handle(footer, *metaindex)
        _encode_handle(footer, *index)
        footer += b"\0" * (FOOTER_SIZE - 8 - len(footer))
        footer += struct.pack("<Q", MAGIC)
        self.out += footer
        return bytes(self.out)


# ------------------------------------------------------------------------------------------ reading

class TableError(Exception):
    """A table that cannot be read; the message is TF's detail (`block checksum mismatch`, ...).
    Callers turn it into a DataLossError naming the file."""


class TableReader:
    """All entries of a table file, checked (footer magic, block CRCs, entry bounds).

    Construction checks the footer; `items()` reads and checks the blocks."""

    def __init__(self, data, filename):
        self.filename = filename
        self.data = data
        if len(data) < FOOTER_SIZE:
            self._fail("file is too short to be an sstable")
        footer = data[-FOOTER_SIZE:]
        if struct.unpack("<Q", footer[-8:])[0] != MAGIC:
            self._fail("not an sstable (bad magic number)")
        meta = self._handle(footer, 0)
        index = self._handle(footer, meta[2])
        self.index_handle = index[:2]

    def _fail(self, detail):
        raise TableError(detail)

    def _handle(self, buf, pos):
        a = get_varint(buf, pos)
        b = get_varint(buf, a[1]) if a else None
        if b is None:
            self._fail("bad block handle")
        return a[0], b[0], b[1]

    def _read_block(self, offset, size):
        end = offset + size + BLOCK_TRAILER_SIZE
        if end > len(self.data):
            self._fail("truncated block read")
        contents = self.data[offset:offset + size]
        ctype = self.data[offset + size]
        stored = struct.unpack("<I", self.data[offset + size + 1:end])[0]
        if unmask(stored) != crc32c(self.data[offset:offset + size + 1]):
            self._fail("block checksum mismatch")
        if ctype == SNAPPY_COMPRESSION:
            self._fail("snappy-compressed block: tf1 reads only uncompressed tables (TensorFlow "
                       "writes checkpoint index files uncompressed)")
        if ctype != NO_COMPRESSION:
            self._fail("bad block type")
        return contents

    def _block_entries(self, block):
        if len(block) < 4:
            self._fail("bad block contents")
        num_restarts = struct.unpack("<I", block[-4:])[0]
        limit = len(block) - 4 - 4 * num_restarts
        if num_restarts == 0 or limit < 0:
            self._fail("bad block contents")
        pos, key = 0, b""
        while pos < limit:
            parsed = []
            for _ in range(3):
                r = get_varint(block, pos, limit)
                if r is None:
                    self._fail("bad entry in block")
                parsed.append(r[0])
                pos = r[1]
            shared, non_shared, value_len = parsed
            if shared > len(key) or pos + non_shared + value_len > limit:
                self._fail("bad entry in block")
            key = key[:shared] + bytes(block[pos:pos + non_shared])
            pos += non_shared
            yield key, bytes(block[pos:pos + value_len])
            pos += value_len

    def items(self):
        """(key, value) pairs in key order."""
        index = self._read_block(*self.index_handle)
        for _, handle in self._block_entries(index):
            offset, size, _ = self._handle(handle, 0)
            yield from self._block_entries(self._read_block(offset, size))
