"""tf.app.flags / tf.app.run probe (run as a script with `tensorflow` = real TF or tf1)."""
import sys

import tensorflow as tf

tf.app.flags.DEFINE_string('str_name', 'def_v_1', "descrip1")
tf.app.flags.DEFINE_integer('int_name', 10, "descript2")
tf.app.flags.DEFINE_boolean('bool_name', False, "descript3")
tf.flags.DEFINE_float('lr', 0.5, "learning rate")
tf.flags.DEFINE_list('names', ['a', 'b'], "a list")
tf.flags.DEFINE_enum('mode', 'x', ['x', 'y'], "an enum")
tf.flags.DEFINE_multi_string('tag', [], "tags")
tf.flags.DEFINE_string(flag_name='old_style', default_value='o', docstring='old keywords')
FLAGS = tf.app.flags.FLAGS
if 'early' in sys.argv[0:1] or '--early' in sys.argv:
    print('early', FLAGS.int_name)  # read before tf.app.run: parses sys.argv (known flags only)


def main(argv):
    print(FLAGS.str_name, FLAGS.int_name, FLAGS.bool_name, FLAGS.lr, FLAGS.names, FLAGS.mode, FLAGS.tag,
          FLAGS.old_style)
    print('argv', argv[1:])
    return 3 if FLAGS.int_name == 7 else None


if __name__ == '__main__':
    tf.app.run()
