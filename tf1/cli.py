"""The `tf1` command: `tf1 run SCRIPT [ARGS...]` runs an unchanged TF1 program on tf1;
`tf1 bench` runs the benchmarks (see `benchmarks/`)."""
import os
import runpy
import sys

USAGE = """usage: tf1 run SCRIPT [ARGS...]   run a TensorFlow 1.x program with tf1 as `tensorflow`
       tf1 bench [--help]          measure tf1 against TensorFlow and hand-written JAX
       tf1 version                 print the TF version tf1 implements"""


def run_script(script, args):
    from . import compat_shim
    compat_shim.install()
    sys.argv = [script] + list(args)
    # As `python SCRIPT`: the script's directory first on sys.path, __name__ == "__main__".
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if argv else 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        if not rest:
            print(USAGE, file=sys.stderr)
            return 2
        if not os.path.exists(rest[0]):
            print("tf1 run: can't open file %r: [Errno 2] No such file or directory" % rest[0],
                  file=sys.stderr)
            return 2
        run_script(rest[0], rest[1:])
        return 0
    if cmd == "bench":
        from .bench import main as bench_main
        return bench_main(rest)
    if cmd == "version":
        import tf1
        print(tf1.__version__)
        return 0
    print(USAGE, file=sys.stderr)
    return 2
