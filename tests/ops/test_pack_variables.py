"""Lists mixing Python numbers and Variables pack like lists of tensors (TF's autopacking reads the
variable through its `read` output). Names and values as recorded from TF 2.21's compat.v1:
Pack ['stack/0:0', 'v/read:0'] and Tensor("packed:0", shape=(2, 2), dtype=int32)."""
import numpy as np

import tf1 as tf


def test_stack_and_convert_lists_holding_variables():
    with tf.Graph().as_default():
        v = tf.Variable(3, name="v")
        s = tf.stack([0, v])
        c = tf.convert_to_tensor([[1, v], [v, 2]])
        assert [i.name for i in s.op.inputs] == ["stack/0:0", "v/read:0"]
        assert str(c) == \
            'Tensor("packed:0", shape=(2, 2), dtype=int32)'
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got_s, got_c = sess.run([s, c])
        np.testing.assert_array_equal(got_s, [0, 3])
        np.testing.assert_array_equal(got_c, [[1, 3], [3, 2]])


def test_fill_dims_holding_an_int64_tensor():
    """TF's op-def conversion prefers int32 for `dims` and falls back to the values' own type, so a list
    holding an int64 tensor gives int64 dims (recorded from TF: ('int64', [3]), value [3, 3, 3]); float
    dims get TF's allowed-types TypeError."""
    import pytest
    with tf.Graph().as_default():
        x = tf.constant(3, tf.int64)
        f = tf.fill([x], x)
        assert (f.op.inputs[0].dtype.name, f.get_shape().as_list()) == ("int64", [3])
        with pytest.raises(TypeError, match="^Value passed to parameter 'dims' has DataType float32 not in list "
                                            "of allowed values: int32, int64$"):
            tf.fill([2.5], 1)
        with tf.Session() as sess:
            assert sess.run(f).tolist() == [3, 3, 3]
