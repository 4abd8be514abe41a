"""Records flags_golden.json: stdout and exit status of flags_script.py under real TensorFlow.

    cd tests/golden/platform && /opt/tfvenv/bin/python make_flags_golden.py
"""
import json
import os
import subprocess
import sys

ARGS = [[], ['--str_name', 'test_str', '--int_name', '99', '--bool_name', 'True'],
        ['--nobool_name', '--lr=0.25', '--names=x,y,z', '--mode', 'y', '--tag', 'p', '--tag', 'q'],
        ['--unknown_flag=3', 'positional', '--int_name=5'], ['--int_name=7'], ['--early', '--int_name=4'],
        ['--mode=z'], ['--int_name=abc']]

if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    shim = os.path.join(here, '..', '..', '..', '..', 'shared', 'conformance', 'shim_tf')
    env = dict(os.environ, PYTHONPATH='/work/shared/conformance/shim_tf', TF_CPP_MIN_LOG_LEVEL='3')
    out = []
    for args in ARGS:
        p = subprocess.run([sys.executable, 'flags_script.py'] + args, cwd=here, env=env,
                           capture_output=True, text=True)
        err = [l for l in p.stderr.splitlines() if l.startswith(('FATAL', 'Traceback', 'absl.flags'))
               or 'Flags parsing error' in l]
        out.append({'args': args, 'stdout': p.stdout.splitlines(), 'rc': p.returncode, 'stderr_key': err})
    with open(os.path.join(here, 'flags_golden.json'), 'w') as f:
        json.dump(out, f, indent=1)
