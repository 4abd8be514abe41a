"""Tensor bundle, SSTable and checkpoint-state files against TensorFlow's own (goldens written by
tests/golden/checkpoint/make_checkpoints.py under real TensorFlow)."""
import os
import shutil

import numpy as np
import pytest

import values
from tf1.formats import checkpoint_state as cs
from tf1.formats import sstable, tensor_bundle as tb
from tf1.framework import errors


def _same(got, dtype, want):
    want = np.asarray(want, dtype=object if dtype == "string" else None)
    assert list(got.shape) == list(want.shape)
    if dtype == "string":
        assert got.tolist() == want.tolist()
    else:
        assert got.dtype == np.dtype(want.dtype)
        assert got.tobytes() == want.tobytes()  # bit-exact, NaN/inf/-0 included


def test_reads_tf_checkpoint_of_every_dtype_bit_exactly(golden):
    r = tb.BundleReader(os.path.join(golden, "dtypes/model"))
    vs = values.dtype_variables()
    assert r.keys() == sorted(vs)
    for name, (dtype, value) in vs.items():
        assert r.dtype(name).name == dtype
        _same(r.lookup(name), dtype, value)


def test_writer_is_byte_identical_to_tensorflow(golden, tmp_path):
    vs = values.dtype_variables()
    tb.write_bundle(str(tmp_path / "model"), [(k, vs[k][0], vs[k][1]) for k in sorted(vs)])
    for suffix in (".index", ".data-00000-of-00001"):
        with open(os.path.join(golden, "dtypes/model" + suffix), "rb") as f:
            want = f.read()
        assert (tmp_path / ("model" + suffix)).read_bytes() == want, suffix


def test_multi_block_index_both_directions(golden, tmp_path):
    prefix = os.path.join(golden, "many/bundle")
    assert os.path.getsize(prefix + ".index") > sstable.BLOCK_SIZE  # several data blocks
    items = values.many_keys()
    r = tb.BundleReader(prefix)
    assert r.keys() == sorted(k for k, _ in items)
    assert all(r.lookup(k) == v for k, v in items[::97])
    tb.write_bundle(str(tmp_path / "b"), [(k, "int8", v) for k, v in sorted(items)])
    for suffix in (".index", ".data-00000-of-00001"):
        with open(prefix + suffix, "rb") as f:
            assert (tmp_path / ("b" + suffix)).read_bytes() == f.read()


def test_debug_string_format(golden):
    r = tb.BundleReader(os.path.join(golden, "dtypes/model"))
    lines = r.debug_string().splitlines()
    assert "empty_f32 (DT_FLOAT) [0,3]" in lines
    assert "f32_scalar (DT_FLOAT) []" in lines
    assert "s (DT_STRING) [4]" in lines


# --------------------------------------------------------------------------------- corruption

@pytest.fixture
def copy(golden, tmp_path):
    shutil.copytree(os.path.join(golden, "dtypes"), tmp_path / "c")
    return str(tmp_path / "c" / "model")


def _edit(path, fn):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    with open(path, "wb") as f:
        f.write(bytes(fn(data)))


def _flip(i):
    def fn(d):
        d[i] ^= 1
        return d
    return fn


@pytest.mark.parametrize("edit,message", [
    (lambda d: d[:30], "file is too short to be an sstable"),
    (lambda d: d[:-20], "not an sstable (bad magic number)"),
    (_flip(-1), "not an sstable (bad magic number)"),
    (_flip(3), "block checksum mismatch"),
    (_flip(-45), "block checksum mismatch"),  # inside the index block
])
def test_damaged_index_is_data_loss_naming_the_file(copy, edit, message):
    _edit(copy + ".index", edit)
    with pytest.raises(errors.DataLossError) as e:
        r = tb.BundleReader(copy)
        r.lookup("f32")
    assert message in e.value.message
    assert copy + ".index" in e.value.message


@pytest.mark.parametrize("key,offset_in_tensor,message", [
    ("f32", 0, "Checksum does not match"),
    ("large", 123457, "Checksum does not match"),
    ("s", 0, "The length checksum does not match"),   # a string length byte
    ("s", 9, "Checksum does not match"),             # a string content byte
])
def test_damaged_data_is_data_loss(copy, key, offset_in_tensor, message):
    entry = tb.BundleReader(copy).entry(key)
    _edit(copy + ".data-00000-of-00001", _flip(entry.offset + offset_in_tensor))
    r = tb.BundleReader(copy)
    with pytest.raises(errors.DataLossError) as e:
        r.lookup(key)
    assert message in e.value.message and copy in e.value.message
    other = "i32" if key != "i32" else "f32"
    assert r.lookup(other) is not None  # only the damaged tensor is refused


def test_truncated_data_is_data_loss(copy):
    _edit(copy + ".data-00000-of-00001", lambda d: d[:1000])
    r = tb.BundleReader(copy)
    with pytest.raises(errors.DataLossError) as e:
        r.lookup("large")
    assert "Read less bytes than requested" in e.value.message
    assert copy + ".data-00000-of-00001" in e.value.message


def test_missing_files(copy):
    os.remove(copy + ".data-00000-of-00001")
    with pytest.raises(errors.NotFoundError) as e:
        tb.BundleReader(copy).lookup("f32")
    assert copy + ".data-00000-of-00001" in e.value.message
    with pytest.raises(errors.NotFoundError) as e:
        tb.BundleReader(copy + "_nope")
    assert e.value.message == ("Unsuccessful TensorSliceReader constructor: Failed to find any "
                               "matching files for %s_nope" % copy)


def test_compressed_block_is_rejected_clearly(tmp_path):
    t = sstable.TableBuilder()
    t.add(b"", b"x")
    data = bytearray(t.finish())
    # The data block is at offset 0: one entry (3 varints + 1 value byte), one restart, the count.
    # Mark it snappy and fix its CRC, so only the compression type is wrong.
    size = 3 + 1 + 4 + 4
    data[size] = sstable.SNAPPY_COMPRESSION
    crc = sstable.mask(sstable.crc32c(bytes(data[:size + 1])))
    data[size + 1:size + 5] = crc.to_bytes(4, "little")
    (tmp_path / "t.index").write_bytes(bytes(data))
    with pytest.raises(errors.DataLossError) as e:
        tb.BundleReader(str(tmp_path / "t"))
    assert "snappy" in e.value.message and str(tmp_path / "t.index") in e.value.message


def test_crash_during_save_keeps_previous_checkpoint(tmp_path, monkeypatch):
    prefix = str(tmp_path / "model")
    tb.write_bundle(prefix, [("w", "float32", np.float32([1, 2]))])
    before = {p: open(p, "rb").read() for p in (prefix + ".index", prefix + ".data-00000-of-00001")}
    real = tb._write_file

    def crash(path, chunks):
        if ".index" in path:
            raise OSError(28, "No space left on device", path)
        real(path, chunks)
    monkeypatch.setattr(tb, "_write_file", crash)
    with pytest.raises(errors.OpError):
        tb.write_bundle(prefix, [("w", "float32", np.float32([7, 8, 9]))])
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ["model.data-00000-of-00001", "model.index"]  # no temps
    for p, data in before.items():
        assert open(p, "rb").read() == data
    assert tb.BundleReader(prefix).lookup("w").tolist() == [1.0, 2.0]


# ---------------------------------------------------------------------------- checkpoint state

def test_state_file_of_tensorflow(golden):
    d = os.path.join(golden, "trained")
    st = cs.get_checkpoint_state(d)
    assert st.model_checkpoint_path == os.path.join(d, "model.ckpt-50")
    assert list(st.all_model_checkpoint_paths) == [os.path.join(d, "model.ckpt-50")]
    assert cs.latest_checkpoint(d) == os.path.join(d, "model.ckpt-50")
    assert cs.checkpoint_exists(os.path.join(d, "model.ckpt-50"))
    assert not cs.checkpoint_exists(os.path.join(d, "model.ckpt-49"))


def test_state_file_written_like_tensorflow(golden, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs("trained")
    cs.update_checkpoint_state_internal("trained", "trained/model.ckpt-50", ["trained/model.ckpt-50"])
    with open(os.path.join(golden, "trained/checkpoint")) as f:
        assert open("trained/checkpoint").read() == f.read()
    # An absolute directory keeps absolute paths; relative paths are made relative to a relative dir.
    p = cs.generate_checkpoint_state_proto(str(tmp_path), str(tmp_path / "m-1"))
    assert p.model_checkpoint_path == str(tmp_path / "m-1")
    p = cs.generate_checkpoint_state_proto("a/b", "a/b/m-2", ["a/b/m-1", "/abs/m-0", "a/b/m-2"])
    assert p.model_checkpoint_path == "m-2"
    assert list(p.all_model_checkpoint_paths) == ["m-1", "/abs/m-0", "m-2"]
    with pytest.raises(RuntimeError, match="conflicts with path used for checkpoint state"):
        cs.update_checkpoint_state(str(tmp_path), str(tmp_path / "checkpoint"))


def test_state_file_missing_or_garbage(tmp_path):
    assert cs.get_checkpoint_state(str(tmp_path)) is None
    assert cs.latest_checkpoint(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text("this is { not text format")
    assert cs.get_checkpoint_state(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "x"\n')
    with pytest.raises(ValueError, match="Invalid checkpoint state loaded from"):
        cs.get_checkpoint_state(str(tmp_path))
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "gone"\n')
    assert cs.latest_checkpoint(str(tmp_path)) is None  # files missing: TF logs an error, None


def test_meta_graph_filename():
    assert cs.meta_graph_filename("m.ckpt-12") == "m.ckpt-12.meta"
    assert cs.meta_graph_filename("m.ckpt-12-00001-of-00002") == "m.ckpt-12.meta"
    assert cs.meta_graph_filename("m.ckpt-12-?????-of-00002", "mg") == "m.ckpt-12.mg"
