"""`tf.data.experimental.CsvDataset` / `make_csv_dataset` cases shared by the golden recorder
(csv_make.py, real TF) and the tests (tests/data/test_csv_dataset.py, tf1).

Each case is `fn(tf, np)` -> a JSON-able dict, as in data_cases.py; CSV files are written to a
fresh temporary directory, and only file names relative to it are recorded.
"""
import gzip
import os
import tempfile
import zlib

from data_cases import one_shot

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def write(files):
    """Writes {name: bytes} into a new temporary directory; returns {name: path}."""
    d = tempfile.mkdtemp(prefix="csvcase")
    paths = {}
    for name, data in files.items():
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(data)
        paths[name] = path
    return paths


def attempt(tf, np, build):
    """one_shot of `build()`, or the error building it raised."""
    try:
        ds = build()
    except (ValueError, TypeError) as e:
        return {"build_error": "%s: %s" % (type(e).__name__, str(e).split("\n")[0])}
    return one_shot(tf, np, ds)


BASIC = b"1,2.5,hello,7,1e3\n-4,0.25,\"wo,rld\",-9,2.5\n3,,x,,\n"


@case
def csv_basic(tf, np):
    p = write({"a.csv": BASIC})
    defaults = [[0], [0.0], [""], tf.constant([0], tf.int64), tf.constant([1.5], tf.float64)]
    return one_shot(tf, np, tf.data.experimental.CsvDataset(p["a.csv"], defaults))


@case
def csv_dtype_defaults_required(tf, np):
    p = write({"a.csv": b"1,2\n3,\n"})
    ok = one_shot(tf, np, tf.data.experimental.CsvDataset(p["a.csv"], [tf.int32, [9]]))
    missing = one_shot(tf, np, tf.data.experimental.CsvDataset(p["a.csv"], [[0], tf.int64]))
    return {"ok": ok, "missing": missing}


@case
def csv_header_delim_na(tf, np):
    p = write({"a.csv": b"x|y|z\n1|NA|a\nNA|2.5|NA\n", "b.tsv": b"1\t2\n3\t4\n"})
    a = one_shot(tf, np, tf.data.experimental.CsvDataset(
        p["a.csv"], [[-1], [-1.0], ["dflt"]], header=True, field_delim="|", na_value="NA"))
    b = one_shot(tf, np, tf.data.experimental.CsvDataset(p["b.tsv"], [[0], [0]], field_delim="\t"))
    return {"pipe": a, "tab": b}


@case
def csv_quotes(tf, np):
    data = b'"a,b",1\n"say ""hi""",2\n"multi\nline",3\nplain,4\n'
    p = write({"q.csv": data, "nq.csv": b'"a",1\nb",2\n'})
    quoted = one_shot(tf, np, tf.data.experimental.CsvDataset(p["q.csv"], [[""], [0]]))
    literal = one_shot(tf, np, tf.data.experimental.CsvDataset(p["nq.csv"], [[""], [0]],
                                                                use_quote_delim=False))
    bad = one_shot(tf, np, tf.data.experimental.CsvDataset(p["nq.csv"], [[""], [0]]))
    return {"quoted": quoted, "literal": literal, "bad": bad}


@case
def csv_select_cols(tf, np):
    p = write({"a.csv": b"1,2,3,4\n5,6,7,8\n"})
    sel = one_shot(tf, np, tf.data.experimental.CsvDataset(p["a.csv"], [[0], [""]], select_cols=[1, 3]))
    short = write({"b.csv": b"1,2\n"})
    err = one_shot(tf, np, tf.data.experimental.CsvDataset(short["b.csv"], [[0], [0]], select_cols=[0, 2]))
    return {"select": sel, "too_few": err}


@case
def csv_compression_and_files(tf, np):
    text = b"1,a\n2,b\n"
    p = write({"g.csv.gz": gzip.compress(text), "z.csv.z": zlib.compress(b"3,c\n"),
               "p1.csv": b"4,d\n", "p2.csv": b"5,e\n6,f"})
    g = one_shot(tf, np, tf.data.experimental.CsvDataset(p["g.csv.gz"], [[0], [""]], compression_type="GZIP"))
    z = one_shot(tf, np, tf.data.experimental.CsvDataset(p["z.csv.z"], [[0], [""]], compression_type="ZLIB"))
    many = one_shot(tf, np, tf.data.experimental.CsvDataset([p["p1.csv"], p["p2.csv"]], [[0], [""]]))
    return {"gzip": g, "zlib": z, "files": many}


@case
def csv_line_endings(tf, np):
    p = write({"crlf.csv": b"1,2\r\n3,4\r\n", "blank.csv": b"1,2\n\n3,4\n"})
    crlf = one_shot(tf, np, tf.data.experimental.CsvDataset(p["crlf.csv"], [[0], [0]]))
    blank = one_shot(tf, np, tf.data.experimental.CsvDataset(p["blank.csv"], [[0], [0]]))
    return {"crlf": crlf, "blank": blank}


@case
def csv_errors(tf, np):
    p = write({"a.csv": b"1,2\nx,3\n", "b.csv": b"1,2,3\n", "c.csv": b"1\n", "d.csv": b"99999999999,1\n"})
    out = {}
    for key, name in (("bad_int", "a.csv"), ("too_many", "b.csv"), ("too_few", "c.csv"), ("overflow", "d.csv")):
        out[key] = one_shot(tf, np, tf.data.experimental.CsvDataset(p[name], [[0], [0]]))
    missing = one_shot(tf, np, tf.data.experimental.CsvDataset(p["a.csv"] + ".nope", [[0], [0]]))
    missing["end"] = missing["end"].replace(os.path.dirname(p["a.csv"]), "<dir>")
    out["missing_file"] = missing
    out["bad_type"] = attempt(tf, np, lambda: tf.data.experimental.CsvDataset(p["a.csv"], [[True], [0]]))
    return out


# ------------------------------------------------------------------------------ make_csv_dataset

TITANIC = (b"survived,sex,age,fare,deck\n"
           b"0,male,22.0,7.25,unknown\n"
           b"1,female,38,71.2833,C\n"
           b"1,female,,7.925,unknown\n"
           b"0,male,35.0,8.05,NA\n"
           b"1,\"female, young\",4,16.7,G\n")


@case
def make_csv_infer(tf, np):
    p = write({"t.csv": TITANIC})
    ds = tf.data.experimental.make_csv_dataset(p["t.csv"], batch_size=2, label_name="survived",
                                               num_epochs=1, shuffle=False)
    return one_shot(tf, np, ds)


@case
def make_csv_select_defaults(tf, np):
    p = write({"t.csv": TITANIC})
    sel = tf.data.experimental.make_csv_dataset(p["t.csv"], batch_size=3, select_columns=["fare", 0, "sex"],
                                                num_epochs=2, shuffle=False, na_value="NA")
    dflt = tf.data.experimental.make_csv_dataset(
        p["t.csv"], batch_size=4, column_defaults=[0, "", 0.0, 0.0, "?"], label_name="deck",
        num_epochs=1, shuffle=False)
    return {"select": one_shot(tf, np, sel), "defaults": one_shot(tf, np, dflt)}


@case
def make_csv_names_no_header(tf, np):
    p = write({"a.csv": b"1,2.5,x\n2,3.5,y\n3,4.5,z\n", "b.csv": b"4,5.5,w\n"})
    ds = tf.data.experimental.make_csv_dataset(os.path.join(os.path.dirname(p["a.csv"]), "*.csv"),
                                               batch_size=2, column_names=["i", "f", "s"], header=False,
                                               num_epochs=1, shuffle=False)
    return one_shot(tf, np, ds)


@case
def make_csv_repeat_forever(tf, np):
    p = write({"a.csv": b"a,b\n1,2\n3,4\n5,6\n"})
    ds = tf.data.experimental.make_csv_dataset(p["a.csv"], batch_size=2, shuffle=False)
    return one_shot(tf, np, ds, limit=4)


@case
def make_csv_build_errors(tf, np):
    p = write({"a.csv": b"a,b\n1,2\n", "dup.csv": b"a,a\n1,2\n", "e.csv": b""})
    mk = tf.data.experimental.make_csv_dataset
    out = {}
    for key, fn in (
            ("no_header", lambda: mk(p["a.csv"], 1, header=False)),
            ("dup_names", lambda: mk(p["dup.csv"], 1)),
            ("bad_label", lambda: mk(p["a.csv"], 1, label_name="c")),
            ("bad_select_name", lambda: mk(p["a.csv"], 1, select_columns=["z"])),
            ("bad_select_index", lambda: mk(p["a.csv"], 1, select_columns=[5])),
            ("defaults_len", lambda: mk(p["a.csv"], 1, select_columns=["a"], column_defaults=[0, 0])),
            ("no_files", lambda: mk(p["a.csv"] + ".nope*", 1)),
            ("empty_file", lambda: mk(p["e.csv"], 1))):
        out[key] = attempt(tf, np, fn)
    return out
