"""Run as a program (`python` on TF, `tf1 run` on tf1): prints the "already exists" error of a second
get_variable, whose "Originally defined at:" frames must start at this program, as under `python prog.py`."""
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def make():
    return tf.get_variable("scalar", initializer=tf.constant(2))


make()
try:
    make()
except ValueError as e:
    print(e)
