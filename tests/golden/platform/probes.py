"""Probes run both under real TensorFlow (to record goldens) and under tf1 (in the tests).

Each `probe_*(tf, workdir)` returns a list of text lines describing results and errors; an error is
`Class | message` where message is the TF status text (for TF 2.x's "Graph execution error" wrapper,
the line that carries the kernel's message).
"""
import os
import threading
import time


def _message(e):
    msg = getattr(e, "message", None) or str(e)
    lines = [l for l in msg.split("\n") if l.strip() and not l.startswith("\t")]
    return lines[-1] if lines else msg


def _try(out, label, f):
    try:
        r = f()
        out.append("%s OK %r" % (label, r))
    except Exception as e:  # noqa: BLE001
        out.append("%s %s | %s" % (label, type(e).__name__, _message(e)))


def probe_gfile(tf, workdir):
    out = []
    os.chdir(workdir)
    g = tf.gfile
    t = lambda label, f: _try(out, label, f)  # noqa: E731
    t("exists", lambda: g.Exists("nope"))
    t("remove", lambda: g.Remove("nope"))
    t("read", lambda: g.GFile("nope").read())
    t("listdir", lambda: g.ListDirectory("nope"))
    t("isdir", lambda: g.IsDirectory("nope"))
    t("mkdir", lambda: g.MkDir("d"))
    t("mkdir2", lambda: g.MkDir("d"))
    t("mkdir3", lambda: g.MkDir("x/y"))
    t("makedirs", lambda: g.MakeDirs("a/b/c"))
    t("makedirs2", lambda: g.MakeDirs("a/b/c"))

    def w():
        with g.GFile("a/f.txt", "w") as f:
            f.write("hello\nworld\n")
            f.write(b"bytes\n")
            return f.tell()
    t("write", w)
    t("read", lambda: g.GFile("a/f.txt").read())
    t("readb", lambda: g.GFile("a/f.txt", "rb").read())
    t("readlines", lambda: g.GFile("a/f.txt").readlines())
    t("iter", lambda: list(g.GFile("a/f.txt")))
    t("readline", lambda: g.GFile("a/f.txt").readline())
    t("size", lambda: g.GFile("a/f.txt").size())
    t("stat", lambda: (g.Stat("a/f.txt").length, type(g.Stat("a/f.txt").mtime_nsec).__name__,
                       g.Stat("a/f.txt").is_directory))
    t("statmissing", lambda: g.Stat("nope"))
    t("readpart", lambda: g.GFile("a/f.txt").read(3))

    def seek():
        f = g.GFile("a/f.txt")
        f.seek(6)
        return f.read(5), f.tell()
    t("seek", seek)
    t("readonwrite", lambda: g.GFile("a/f.txt", "w").read())
    t("writeonread", lambda: g.GFile("a/f.txt", "r").write("x"))
    t("badmode", lambda: g.GFile("a/f.txt", "z"))
    t("listdir2", lambda: sorted(g.ListDirectory("a")))
    t("listdirfile", lambda: g.ListDirectory("a/f.txt"))
    t("glob", lambda: sorted(g.Glob("a/*")))
    t("globnone", lambda: g.Glob("zz/*"))
    t("copy", lambda: g.Copy("a/f.txt", "a/g.txt"))
    t("copy2", lambda: g.Copy("a/f.txt", "a/g.txt"))
    t("copy3", lambda: g.Copy("a/f.txt", "a/g.txt", overwrite=True))
    t("copymissing", lambda: g.Copy("nope", "a/h.txt"))
    t("rename", lambda: g.Rename("a/g.txt", "a/f.txt"))
    t("rename2", lambda: g.Rename("a/g.txt", "a/h.txt"))
    t("renamemissing", lambda: g.Rename("nope", "a/i.txt"))
    t("walk", lambda: [(d, sorted(s), sorted(f)) for d, s, f in g.Walk(".")])
    t("walkmissing", lambda: list(g.Walk("nope")))
    t("rmtree", lambda: g.DeleteRecursively("a"))
    t("rmtree2", lambda: g.DeleteRecursively("a"))
    t("removedir", lambda: g.Remove("d"))

    def app():
        with g.GFile("ap", "a") as f:
            f.write("1")
        with g.GFile("ap", "a") as f:
            f.write("2")
        return g.GFile("ap").read()
    t("append", app)

    def nowrite():
        f = g.GFile("nw", "w")
        f.close()
        return g.Exists("nw")
    t("nowrite", nowrite)

    def unicode_():
        with g.GFile("u", "w") as f:
            f.write("\u00e9\n")
        return g.GFile("u").read(), g.GFile("u", "rb").read()
    t("unicode", unicode_)
    t("io.exists", lambda: tf.io.gfile.exists("u"))
    t("io.listdir", lambda: sorted(tf.io.gfile.listdir(".")))
    t("names", lambda: sorted(n for n in dir(tf.gfile) if not n.startswith("_")))
    return out


def probe_queues(tf, workdir):
    out = []
    os.chdir(workdir)
    t = lambda label, f: _try(out, label, f)  # noqa: E731
    q = tf.FIFOQueue(10, [tf.float32], shapes=[[2]])
    out.append("%s %s %s %s" % (q.name, q.queue_ref.name, q.dtypes, q.shapes))
    e = q.enqueue([[1., 2.]])
    em = q.enqueue_many([[[1., 2.], [3., 4.], [5., 6.]]])
    d = q.dequeue()
    dm = q.dequeue_many(2)
    du = q.dequeue_up_to(5)
    s = q.size()
    c = q.close()
    ic = q.is_closed()
    for x in (e, em, c):
        out.append("%s %s" % (x.name, x.type))
    for x in (d, dm, du, s, ic):
        out.append(str(x))
    t("enqueue_shape", lambda: q.enqueue([[1., 2., 3.]]))
    sess = tf.Session()
    sess.run(em)
    t("dequeue_many", lambda: sess.run(dm).tolist())
    t("size", lambda: int(sess.run(s)))
    sess.run(c)
    t("enqueue_closed", lambda: sess.run(e))
    t("dequeue_many_closed", lambda: sess.run(dm))
    t("dequeue_up_to", lambda: sess.run(du).tolist())
    t("dequeue_up_to_empty", lambda: sess.run(du))
    t("dequeue_closed", lambda: sess.run(d))
    t("is_closed", lambda: bool(sess.run(ic)))

    q2 = tf.FIFOQueue(10, [tf.int32, tf.string])
    d2 = q2.dequeue_many(3)
    out.append("%s %s" % (q2.shapes, d2))
    sess.run(q2.enqueue_many([[1, 2], ["a", "b"]]))
    t("no_shapes_dequeue_many", lambda: sess.run(d2))
    t("two_components", lambda: sess.run(q2.dequeue()))

    q3 = tf.RandomShuffleQueue(10, 2, [tf.int32], shapes=[[]])
    e3 = q3.enqueue_many([[1, 2, 3]])
    d3 = q3.dequeue_many(3)
    out.append("%s %s %s" % (q3.name, e3.name, d3))
    sess.run(e3)
    sess.run(q3.close())
    t("random_closed", lambda: sorted(sess.run(d3).tolist()))
    t("random_closed_empty", lambda: sess.run(q3.dequeue()))

    q4 = tf.PaddingFIFOQueue(10, [tf.int32], shapes=[[None]])
    sess.run(q4.enqueue([[1, 2, 3]]))
    sess.run(q4.enqueue([[1]]))
    t("padding", lambda: sess.run(q4.dequeue_many(2)).tolist())
    t("padding_noshapes", lambda: tf.PaddingFIFOQueue(10, [tf.int32], shapes=None))
    t("fifo_undefined_shape", lambda: tf.FIFOQueue(10, [tf.int32], shapes=[[None]]))

    # A partial dequeue_many gives its elements back when the queue closes under it.
    q5 = tf.FIFOQueue(10, [tf.int32], shapes=[[]], name="q5")
    sess.run(q5.enqueue_many([[1, 2, 3]]))
    dm5 = q5.dequeue_many(5)
    cl5 = q5.close()
    threading.Thread(target=lambda: (time.sleep(0.3), sess.run(cl5))).start()
    t("partial_then_close", lambda: sess.run(dm5))
    t("size_after", lambda: int(sess.run(q5.size())))

    # A blocked enqueue is cancelled by close(cancel_pending_enqueues=True).
    q6 = tf.FIFOQueue(1, [tf.int32], shapes=[[]], name="q6")
    sess.run(q6.enqueue([1]))
    e6 = q6.enqueue([2])
    cl6 = q6.close(cancel_pending_enqueues=True)
    threading.Thread(target=lambda: (time.sleep(0.3), sess.run(cl6))).start()
    t("cancel_pending", lambda: sess.run(e6))

    sess2 = tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=200))
    q7 = tf.FIFOQueue(1, [tf.int32], shapes=[[]], name="q7")
    t("timeout", lambda: sess2.run(q7.dequeue()))

    # Closing the session cancels a blocked dequeue.
    q8 = tf.FIFOQueue(1, [tf.int32], shapes=[[]], name="q8")
    d8 = q8.dequeue()
    sess3 = tf.Session()
    threading.Thread(target=lambda: (time.sleep(0.3), sess3.close())).start()
    t("session_close", lambda: sess3.run(d8))
    return out


def probe_pipeline(tf, workdir):
    """Readers, decode_csv, string_input_producer with num_epochs, batch, QueueRunner, Coordinator."""
    out = []
    os.chdir(workdir)
    with open("a.csv", "w") as f:
        f.write("1,2,3\n4,,6\n")
    with open("b.csv", "w") as f:
        f.write("h1,h2\n\"q,r\",2.5\n")
    t = lambda label, f: _try(out, label, f)  # noqa: E731
    rec = tf.placeholder(tf.string)
    cols = tf.decode_csv(rec, [[1], [0], [tf.constant(5, tf.int64)]])
    out.append(str(cols))
    sess = tf.Session()
    t("csv", lambda: [c.tolist() for c in sess.run(cols, {rec: ["1,2,3", "4,,6"]})])
    t("csvscalar", lambda: [int(c) for c in sess.run(cols, {rec: "1,2,3"})])
    t("csvfew", lambda: sess.run(cols, {rec: ["1,2"]}))
    t("csvmany", lambda: sess.run(cols, {rec: ["1,2,3,4"]}))
    t("csvbad", lambda: sess.run(cols, {rec: ["1,x,3"]}))
    t("csvbadf", lambda: sess.run(cols, {rec: ["1.5,2,3"]}))
    c2 = tf.decode_csv(rec, [[""], [1.0], tf.constant([], tf.int32)], field_delim=";")
    t("csv2", lambda: [c.tolist() for c in sess.run(c2, {rec: ['"a;b";2.5;3', 'x;;4', '"q""t";1;2']})])
    t("csv2miss", lambda: sess.run(c2, {rec: ["a;2;"]}))
    t("csvquote", lambda: sess.run(c2, {rec: ['a"b;2;3']}))
    t("csv_na", lambda: [c.tolist() for c in sess.run(tf.decode_csv(rec, [[1], [2]], na_value="NA"),
                                                      {rec: ["NA,3"]})])
    t("csv_sel", lambda: [c.tolist() for c in sess.run(tf.decode_csv(rec, [[1], [2]], select_cols=[0, 2]),
                                                       {rec: ["1,2,3"]})])
    t("csvdtype", lambda: tf.decode_csv(rec, [[True]]))

    fq = tf.train.string_input_producer(["a.csv", "b.csv"], shuffle=False, num_epochs=2)
    out.append(fq.name)
    reader = tf.TextLineReader(skip_header_lines=1)
    k, v = reader.read(fq)
    out.append("%s %s %s" % (reader.reader_ref, k, v))
    b = tf.train.batch([v], 2)
    out.append(str(b))
    qrs = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    out.append("%d %s %s" % (len(qrs), qrs[0].name, [op.name for op in qrs[0].enqueue_ops]))
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    out.append(str(sorted(th.name for th in threads)))
    for i in range(3):
        t("batch%d" % i, lambda: sess.run(b).tolist())
    t("batch_end", lambda: sess.run(b))
    coord.request_stop()
    coord.join(threads)
    out.append("joined %s" % coord.should_stop())

    # Coordinator: exceptions reported by threads are re-raised by join; OutOfRange is a clean stop.
    coord = tf.train.Coordinator()

    def bad():
        with coord.stop_on_exception():
            raise ValueError("boom")
    th = threading.Thread(target=bad)
    th.start()
    t("coord_join", lambda: coord.join([th]))
    coord = tf.train.Coordinator()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "done"))
    t("coord_clean", lambda: coord.join([]))
    coord = tf.train.Coordinator()
    th = threading.Thread(target=lambda: time.sleep(2))
    th.start()
    coord.request_stop()
    t("coord_stragglers", lambda: coord.join([th], stop_grace_period_secs=0.1))
    th.join()
    return out
