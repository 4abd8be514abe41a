"""The three string hashes behind TF's string_to_hash_bucket ops, from their published definitions:

- `fingerprint64`: FarmHash Fingerprint64 (farmhashna::Hash64), used by StringToHashBucketFast;
- `siphash24`: SipHash-2-4 with a 128-bit key, used by StringToHashBucketStrong;
- `legacy_hash64`: TF's core/lib/hash Hash64 (a MurmurHash64A variant, seed 0xDECAFCAFFE), used by
  the original StringToHashBucket.
All arithmetic is on unsigned 64-bit values (Python ints masked to 64 bits).
"""
import struct

_M = (1 << 64) - 1
K0 = 0xC3A5C85C97CB3127
K1 = 0xB492B66FBE98F273
K2 = 0x9AE16A3B2F90404F


def _f64(s, i):
    return struct.unpack_from("<Q", s, i)[0]


def _f32(s, i):
    return struct.unpack_from("<I", s, i)[0]


def _rot(v, shift):
    return v if shift == 0 else ((v >> shift) | (v << (64 - shift))) & _M


def _shift_mix(v):
    return v ^ (v >> 47)


def _hash_len16(u, v, mul):
    a = ((u ^ v) * mul) & _M
    a ^= a >> 47
    b = ((v ^ a) * mul) & _M
    b ^= b >> 47
    return (b * mul) & _M


def _mix(p, q, r, t, add):
    """The two HashLen16 arguments FarmHash forms from four words:
    (rot(p + q, 43) + rot(r, 30) + t, p + rot(q + add, 18) + r)."""
    return ((_rot((p + q) & _M, 43) + _rot(r, 30) + t) & _M,
            (p + _rot((q + add) & _M, 18) + r) & _M)


def _len0to16(s):
    n = len(s)
    if n >= 8:
        mul = K2 + n * 2
        a = (_f64(s, 0) + K2) & _M
        b = _f64(s, n - 8)
        c = (_rot(b, 37) * mul + a) & _M
        d = ((_rot(a, 25) + b) * mul) & _M
        return _hash_len16(c, d, mul)
    if n >= 4:
        mul = K2 + n * 2
        a = _f32(s, 0)
        return _hash_len16((n + (a << 3)) & _M, _f32(s, n - 4), mul)
    if n > 0:
        a, b, c = s[0], s[n >> 1], s[n - 1]
        y = (a + (b << 8)) & 0xFFFFFFFF
        z = (n + (c << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * K2) ^ (z * K0)) & _M) * K2) & _M
    return K2


def _end_words(s, mul, k):
    """a, b, c, d of HashLen17to32 and HashLen33to64 (`k`: the first word's multiplier)."""
    n = len(s)
    return (_f64(s, 0) * k) & _M, _f64(s, 8), (_f64(s, n - 8) * mul) & _M, (_f64(s, n - 16) * K2) & _M


def _len17to32(s):
    mul = K2 + len(s) * 2
    return _hash_len16(*_mix(*_end_words(s, mul, K1), K2), mul)


def _len33to64(s):
    n = len(s)
    mul = K2 + n * 2
    a, b, c, d = _end_words(s, mul, K2)
    y, u = _mix(a, b, c, d, K2)
    z = _hash_len16(y, u, mul)
    e = (_f64(s, 16) * mul) & _M
    f = _f64(s, 24)
    g = ((y + _f64(s, n - 32)) * mul) & _M
    h = ((z + _f64(s, n - 24)) * mul) & _M
    return _hash_len16(*_mix(e, f, g, h, a), mul)


def _weak32(s, i, a, b):
    w, x, y, z = _f64(s, i), _f64(s, i + 8), _f64(s, i + 16), _f64(s, i + 24)
    a = (a + w) & _M
    b = _rot((b + a + z) & _M, 21)
    c = a
    a = (a + x + y) & _M
    b = (b + _rot(a, 44)) & _M
    return (a + z) & _M, (b + c) & _M


def _round64(s, i, x, y, z, v, w, mul, nine):
    """One 64-byte round of Fingerprint64 (the last one multiplies by `mul` and 9, the others by
    K1 and 1); returns x, y, z, v, w for the next round (x and z swapped, as in FarmHash)."""
    x = (_rot((x + y + v[0] + _f64(s, i + 8)) & _M, 37) * mul) & _M
    y = (_rot((y + v[1] + _f64(s, i + 48)) & _M, 42) * mul) & _M
    x ^= (w[1] * nine) & _M
    y = (y + v[0] * nine + _f64(s, i + 40)) & _M
    z = (_rot((z + w[0]) & _M, 33) * mul) & _M
    v = _weak32(s, i, (v[1] * mul) & _M, (x + w[0]) & _M)
    w = _weak32(s, i + 32, (z + w[1]) & _M, (y + _f64(s, i + 16)) & _M)
    return z, y, x, v, w


def fingerprint64(s):
    """FarmHash Fingerprint64 of bytes `s`."""
    n = len(s)
    if n <= 16:
        return _len0to16(s)
    if n <= 32:
        return _len17to32(s)
    if n <= 64:
        return _len33to64(s)
    seed = 81
    x = seed
    y = (seed * K1 + 113) & _M
    z = (_shift_mix((y * K2 + 113) & _M) * K2) & _M
    v = (0, 0)
    w = (0, 0)
    x = (x * K2 + _f64(s, 0)) & _M
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    i = 0
    while True:
        x, y, z, v, w = _round64(s, i, x, y, z, v, w, K1, 1)
        i += 64
        if i == end:
            break
    mul = K1 + ((z & 0xFF) << 1)
    i = last64
    w = ((w[0] + ((n - 1) & 63)) & _M, w[1])
    v = ((v[0] + w[0]) & _M, v[1])
    w = ((w[0] + v[0]) & _M, w[1])
    x, y, z, v, w = _round64(s, i, x, y, z, v, w, mul, 9)
    return _hash_len16((_hash_len16(v[0], w[0], mul) + _shift_mix(y) * K0 + z) & _M,
                       (_hash_len16(v[1], w[1], mul) + x) & _M, mul)


def siphash24(key0, key1, s):
    """SipHash-2-4 of bytes `s` under the key (key0, key1)."""
    v0 = key0 ^ 0x736F6D6570736575
    v1 = key1 ^ 0x646F72616E646F6D
    v2 = key0 ^ 0x6C7967656E657261
    v3 = key1 ^ 0x7465646279746573

    def rounds(v0, v1, v2, v3, count):
        for _ in range(count):
            v0 = (v0 + v1) & _M
            v1 = ((v1 << 13) | (v1 >> 51)) & _M
            v1 ^= v0
            v0 = ((v0 << 32) | (v0 >> 32)) & _M
            v2 = (v2 + v3) & _M
            v3 = ((v3 << 16) | (v3 >> 48)) & _M
            v3 ^= v2
            v0 = (v0 + v3) & _M
            v3 = ((v3 << 21) | (v3 >> 43)) & _M
            v3 ^= v0
            v2 = (v2 + v1) & _M
            v1 = ((v1 << 17) | (v1 >> 47)) & _M
            v1 ^= v2
            v2 = ((v2 << 32) | (v2 >> 32)) & _M
        return v0, v1, v2, v3

    n = len(s)
    full = n - (n % 8)
    for i in range(0, full, 8):
        m = _f64(s, i)
        v3 ^= m
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 2)
        v0 ^= m
    last = (n & 0xFF) << 56
    for j, byte in enumerate(s[full:]):
        last |= byte << (8 * j)
    v3 ^= last
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 2)
    v0 ^= last
    v2 ^= 0xFF
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def legacy_hash64(s, seed=0xDECAFCAFFE):
    """TF's core Hash64 (MurmurHash64A-style)."""
    m = 0xC6A4A7935BD1E995
    n = len(s)
    h = (seed ^ (n * m)) & _M
    i = 0
    while n - i >= 8:
        k = _f64(s, i)
        i += 8
        k = (k * m) & _M
        k ^= k >> 47
        k = (k * m) & _M
        h ^= k
        h = (h * m) & _M
    rest = s[i:]
    if rest:
        for j in range(len(rest) - 1, -1, -1):
            h ^= rest[j] << (8 * j)
        h = (h * m) & _M
    h ^= h >> 47
    h = (h * m) & _M
    h ^= h >> 47
    return h
