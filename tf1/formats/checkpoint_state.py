"""The `checkpoint` state file (a text-format CheckpointState) and checkpoint-prefix helpers:
TF 1.15's `checkpoint_management.py`, including its relative/absolute path rules.

Paths are stored relative to the state file's directory when that directory was given relative
(so a directory of checkpoints can be moved), and read back joined with the directory asked for.
"""
import glob
import os
import re
import tempfile

from google.protobuf import text_format

from ..api import export
from ..platform import tf_logging as logging
from .protos import CheckpointState

V1, V2 = 1, 2  # SaverDef.CheckpointFormatVersion

export("train.CheckpointState")(CheckpointState)


def _checkpoint_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def get_matching_files(pattern):
    """file_io.get_matching_files: glob semantics (`?`, `*`), sorted."""
    return sorted(glob.glob(pattern))


@export("train.generate_checkpoint_state_proto")
def generate_checkpoint_state_proto(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                    all_model_checkpoint_timestamps=None,
                                    last_preserved_timestamp=None):
    if all_model_checkpoint_paths is None:
        all_model_checkpoint_paths = []
    if not all_model_checkpoint_paths or all_model_checkpoint_paths[-1] != model_checkpoint_path:
        logging.info("%s is not in all_model_checkpoint_paths. Manually adding it.",
                     model_checkpoint_path)
        all_model_checkpoint_paths.append(model_checkpoint_path)
    if (all_model_checkpoint_timestamps
            and len(all_model_checkpoint_timestamps) != len(all_model_checkpoint_paths)):
        raise ValueError("Checkpoint timestamps, if provided, must match checkpoint paths (got "
                         "paths %s and timestamps %s)"
                         % (all_model_checkpoint_paths, all_model_checkpoint_timestamps))
    # Relative paths are stored relative to a relative save_dir.
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        for i, p in enumerate(all_model_checkpoint_paths):
            if not os.path.isabs(p):
                all_model_checkpoint_paths[i] = os.path.relpath(p, save_dir)
    return CheckpointState(model_checkpoint_path=model_checkpoint_path,
                           all_model_checkpoint_paths=all_model_checkpoint_paths,
                           all_model_checkpoint_timestamps=all_model_checkpoint_timestamps,
                           last_preserved_timestamp=last_preserved_timestamp)


@export("train.update_checkpoint_state")
def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    update_checkpoint_state_internal(save_dir, model_checkpoint_path, all_model_checkpoint_paths,
                                     latest_filename, False, all_model_checkpoint_timestamps,
                                     last_preserved_timestamp)


def update_checkpoint_state_internal(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                                     latest_filename=None, save_relative_paths=False,
                                     all_model_checkpoint_timestamps=None,
                                     last_preserved_timestamp=None):
    coord_checkpoint_filename = _checkpoint_filename(save_dir, latest_filename)
    if save_relative_paths:
        rel = (os.path.relpath(model_checkpoint_path, save_dir)
               if os.path.isabs(model_checkpoint_path) else model_checkpoint_path)
        rel_all = [os.path.relpath(p, save_dir) if os.path.isabs(p) else p
                   for p in (all_model_checkpoint_paths or [])]
        ckpt = generate_checkpoint_state_proto(save_dir, rel, rel_all, all_model_checkpoint_timestamps,
                                               last_preserved_timestamp)
    else:
        ckpt = generate_checkpoint_state_proto(
            save_dir, model_checkpoint_path,
            list(all_model_checkpoint_paths) if all_model_checkpoint_paths is not None else None,
            all_model_checkpoint_timestamps, last_preserved_timestamp)
    if coord_checkpoint_filename == ckpt.model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  Please "
                           "use a different save path." % model_checkpoint_path)
    atomic_write_string_to_file(coord_checkpoint_filename, text_format.MessageToString(ckpt))


def atomic_write_string_to_file(filename, contents):
    """Writes a temporary file beside `filename`, then renames it over (file_io's rule)."""
    directory = os.path.dirname(filename) or "."
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(filename) + ".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(contents)
        os.replace(tmp, filename)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


@export("train.get_checkpoint_state")
def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    if isinstance(checkpoint_dir, os.PathLike):
        checkpoint_dir = os.fspath(checkpoint_dir)
    coord_checkpoint_filename = _checkpoint_filename(checkpoint_dir, latest_filename)
    if not os.path.exists(coord_checkpoint_filename):
        return None
    try:
        with open(coord_checkpoint_filename, "rb") as f:
            content = f.read().decode("utf-8")
        ckpt = CheckpointState()
        text_format.Merge(content, ckpt)
    except (text_format.ParseError, UnicodeDecodeError, OSError) as e:
        logging.warning("%s: %s", type(e).__name__, e)
        logging.warning("%s: Checkpoint ignored", coord_checkpoint_filename)
        return None
    if not ckpt.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    if not os.path.isabs(ckpt.model_checkpoint_path):
        ckpt.model_checkpoint_path = os.path.join(checkpoint_dir, ckpt.model_checkpoint_path)
    for i, p in enumerate(ckpt.all_model_checkpoint_paths):
        if not os.path.isabs(p):
            ckpt.all_model_checkpoint_paths[i] = os.path.join(checkpoint_dir, p)
    return ckpt


def prefix_to_checkpoint_path(prefix, format_version=V2):
    return prefix + ".index" if format_version == V2 else prefix


@export("train.latest_checkpoint")
def latest_checkpoint(checkpoint_dir, latest_filename=None):
    ckpt = get_checkpoint_state(checkpoint_dir, latest_filename)
    if ckpt and ckpt.model_checkpoint_path:
        if (get_matching_files(prefix_to_checkpoint_path(ckpt.model_checkpoint_path, V2))
                or get_matching_files(prefix_to_checkpoint_path(ckpt.model_checkpoint_path, V1))):
            return ckpt.model_checkpoint_path
        logging.error("Couldn't match files for checkpoint %s", ckpt.model_checkpoint_path)
    return None


def checkpoint_exists_internal(checkpoint_prefix):
    return bool(get_matching_files(prefix_to_checkpoint_path(checkpoint_prefix, V2))
                or get_matching_files(checkpoint_prefix))


@export("train.checkpoint_exists")
def checkpoint_exists(checkpoint_prefix):
    # TF 1.15 decorates the public name with @deprecated (the internal one, used by Saver, is silent).
    logging._warn_deprecated("checkpoint_exists", "tensorflow.python.training.checkpoint_management",
                             "Use standard file APIs to check for files with this prefix.")
    return checkpoint_exists_internal(checkpoint_prefix)


@export("train.get_checkpoint_mtimes")
def get_checkpoint_mtimes(checkpoint_prefixes):
    mtimes = []
    for prefix in checkpoint_prefixes:
        for pathname in (prefix_to_checkpoint_path(prefix, V2), prefix):
            names = get_matching_files(pathname)
            if names:
                mtimes.append(os.stat(names[0]).st_mtime_ns / 1e9)
                break
    return mtimes


@export("train.remove_checkpoint")
def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=V2, meta_graph_suffix="meta"):
    _delete_file_if_exists(meta_graph_filename(checkpoint_prefix, meta_graph_suffix))
    if checkpoint_format_version == V2:
        _delete_file_if_exists(checkpoint_prefix + ".index")
        _delete_file_if_exists(checkpoint_prefix + ".data-?????-of-?????")
    else:
        _delete_file_if_exists(checkpoint_prefix)


def _delete_file_if_exists(filespec):
    for pathname in get_matching_files(filespec):
        try:
            os.remove(pathname)
        except FileNotFoundError:
            logging.warning("Hit NotFoundError when deleting '%s', possibly because another "
                            "process/thread is also deleting/moving the same file", pathname)


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    basename = re.sub(r"-[\d\?]+-of-\d+$", "", checkpoint_filename)
    return ".".join([basename, meta_graph_suffix])

