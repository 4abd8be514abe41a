"""String-op cases shared by strings_make.py (real TensorFlow) and tests/ops/test_strings.py (tf1).

CASES / SPLIT_CASES: (name, fn(tf) -> fetch); ERROR_CASES: (name, fn(tf) -> fetch) whose run must
raise. Byte strings go in as Python bytes so both sides see the same bytes."""
CASES = [
 ("as_string_f", lambda tf: tf.as_string(tf.constant([1.5, -2.25, 3.0]))),
 ("as_string_prec", lambda tf: tf.as_string(tf.constant([1.5, -2.25]), precision=2, width=8, fill="0")),
 ("as_string_sci", lambda tf: tf.as_string(tf.constant([12345.678], tf.float64), scientific=True)),
 ("as_string_short", lambda tf: tf.as_string(tf.constant([0.1, 100000000.0]), shortest=True)),
 ("as_string_i", lambda tf: tf.as_string(tf.constant([[1, -22], [333, 4]]), width=5)),
 ("as_string_b", lambda tf: tf.as_string(tf.constant([True, False]))),
 ("join", lambda tf: tf.string_join([tf.constant(["a", "b"]), "-", tf.constant(["c", "d"])], separator="_")),
 ("join_scalar", lambda tf: tf.strings.join(["x", "y", "z"])),
 ("substr", lambda tf: tf.substr(tf.constant(["hello", "world!"]), 1, 3)),
 ("substr_vec", lambda tf: tf.substr(tf.constant(["hello", "world!"]), [0, 2], [2, 10])),
 ("substr_neg", lambda tf: tf.strings.substr(tf.constant(["hello"]), -3, 2)),
 ("to_number", lambda tf: tf.string_to_number(tf.constant(["1.5", "-2", " 3e2", "inf"]))),
 ("to_number_i", lambda tf: tf.strings.to_number(tf.constant(["12", "-7"]), out_type=tf.int32)),
 ("to_number_d", lambda tf: tf.string_to_number(tf.constant(["0.1"]), out_type=tf.float64)),
 ("hash_fast", lambda tf: tf.string_to_hash_bucket_fast(tf.constant(["a", "hello", "the quick brown fox jumps over the lazy dog again and again"]), 1000)),
 ("hash_strong", lambda tf: tf.string_to_hash_bucket_strong(tf.constant(["a", "hello"]), 1000, [1, 2])),
 ("hash_legacy", lambda tf: tf.string_to_hash_bucket(tf.constant(["a", "hello", ""]), 77)),
 ("b64", lambda tf: tf.encode_base64(tf.constant([b"hello", b"\xff\xfe?", b"ab"]))),
 ("b64_pad", lambda tf: tf.encode_base64(tf.constant(["hello", "ab"]), pad=True)),
 ("b64_dec", lambda tf: tf.decode_base64(tf.constant(["aGVsbG8", "YWI=", ""]))),
 ("reduce_join", lambda tf: tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]))),
 ("reduce_join_0", lambda tf: tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), 0)),
 ("reduce_join_1k", lambda tf: tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), 1, keep_dims=True, separator=",")),
 ("reduce_join_01", lambda tf: tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), [0, 1])),
 ("reduce_join_10", lambda tf: tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), [1, 0])),
 ("regex", lambda tf: tf.regex_replace(tf.constant(["aa bb", "cab"]), "a+", "X")),
 ("regex_first", lambda tf: tf.regex_replace(tf.constant(["aa bb aa"]), "a", "Y", replace_global=False)),
 ("regex_group", lambda tf: tf.strings.regex_replace(tf.constant(["john smith"]), r"(\w+) (\w+)", r"\2 \1")),
 ("full_match", lambda tf: tf.strings.regex_full_match(tf.constant(["abc", "abcd"]), "a.c")),
 ("decode_raw", lambda tf: tf.decode_raw(tf.constant([b"\x01\x00\x02\x00", b"\x03\x00\xff\xff"]), tf.int16)),
 ("decode_raw_be", lambda tf: tf.decode_raw(tf.constant([b"\x01\x00\x02\x00"]), tf.uint16, little_endian=False)),
 ("decode_raw_u8", lambda tf: tf.decode_raw(tf.constant("abc"), tf.uint8)),
 ("length", lambda tf: tf.strings.length(tf.constant([b"", b"abc", u"h\xe9llo".encode("utf-8")]))),
 ("strip", lambda tf: tf.strings.strip(tf.constant(["  a b  ", "\tc\n"]))),
 ("upper", lambda tf: tf.strings.upper(tf.constant(["abC"]))),
]
SPLIT_CASES = [
 ("split", lambda tf: tf.string_split(tf.constant(["hello world", "a  b c", ""]))),
 ("split_delims", lambda tf: tf.string_split(tf.constant(["a,b;c", "d"]), delimiter=",;")),
 ("split_chars", lambda tf: tf.string_split(tf.constant(["abc", "de"]), delimiter="")),
 ("split_keep", lambda tf: tf.string_split(tf.constant(["a  b"]), skip_empty=False)),
 ("split_v2", lambda tf: tf.strings.split(tf.constant(["a  b c", " x "]))),
 ("split_v2_sep", lambda tf: tf.strings.split(tf.constant(["a,,b", "c"]), sep=",")),
]
ERROR_CASES = [
 ("substr_oob", lambda tf: tf.substr(tf.constant(["hello"]), 10, 2)),
 ("to_number_bad", lambda tf: tf.string_to_number(tf.constant(["abc"]))),
 ("decode_raw_sizes", lambda tf: tf.decode_raw(tf.constant(["abcd", "ab"]), tf.int16)),
 ("b64_bad", lambda tf: tf.decode_base64(tf.constant(["a$b"]))),
]

CASES += [
 ("length_utf8", lambda tf: tf.strings.length(tf.constant([u"h\xe9llo".encode("utf-8")]), unit="UTF8_CHAR")),
 ("hash_fast_long", lambda tf: tf.string_to_hash_bucket_fast(tf.constant([("x%d" % i) * 9 for i in range(12)]), 2 ** 62)),
 ("hash_strong_long", lambda tf: tf.string_to_hash_bucket_strong(tf.constant([("y%d" % i) * 11 for i in range(12)]), 2 ** 62, [2 ** 40 + 7, 99])),
 ("hash_legacy_long", lambda tf: tf.string_to_hash_bucket(tf.constant([("z%d" % i) * 5 for i in range(12)]), 2 ** 62)),
 ("to_number_i64", lambda tf: tf.string_to_number(tf.constant(["9000000000"]), out_type=tf.int64)),
 ("reduce_join_neg", lambda tf: tf.reduce_join(tf.constant([["a", "b", "c"], ["d", "e", "f"]]), -1, separator=" ")),
 ("join_2d", lambda tf: tf.string_join([tf.constant([["a"], ["b"]]), tf.constant([["c"], ["d"]])], separator="+")),
]
