"""A ProfilerHook scenario shared by profiler_hook_make.py (real TF) and
tests/training/test_profiler_hook.py (tf1): which timeline files and run-metadata tags appear."""
import glob
import json
import os


def run(tf, outdir, step_read, save_steps=None, save_secs=None, steps=7):
    """`step_read` is the framework's training_util._get_or_create_global_step_read: the step
    increments after the hooks' read of it, as training_util._increment_global_step orders it
    (without that order, whether a run's fetched step is before or after its increment is up to
    the executor)."""
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        with tf.control_dependencies([step_read()]):
            train = tf.assign_add(gs, 1)
        hook = tf.train.ProfilerHook(save_steps=save_steps, save_secs=save_secs, output_dir=outdir)
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            for _ in range(steps):
                sess.run(train)
    files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(outdir, "timeline-*.json")))
    traces = [json.load(open(os.path.join(outdir, f))) for f in files]
    tags = []
    tf.summary.FileWriterCache.clear()  # closes (flushes) the hook's cached writer
    for path in sorted(glob.glob(os.path.join(outdir, "events.out.tfevents.*"))):
        for event in tf.train.summary_iterator(path):
            if event.HasField("tagged_run_metadata"):
                tags.append([event.tagged_run_metadata.tag, event.step])
    return {"files": files, "has_trace_events": [isinstance(t.get("traceEvents"), list) and len(t["traceEvents"]) > 0
                                                 for t in traces], "tags": tags}


def no_global_step(tf, outdir):
    with tf.Graph().as_default():
        hook = tf.train.ProfilerHook(save_steps=1, output_dir=outdir)
        try:
            hook.begin()
        except RuntimeError as e:
            return str(e)
    return "no error"
