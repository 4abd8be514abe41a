"""TF's renamed-argument rule (`deprecation.deprecated_argument_lookup`), shared by every op wrapper
that still accepts a pre-1.x argument name (`dim` for `axis`, `keep_dims` for `keepdims`, ...)."""


def deprecated_argument_lookup(new_name, new_value, old_name, old_value):
    """The value given under either name; both given is TF's ValueError (old name first)."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError("Cannot specify both '%s' and '%s'" % (old_name, new_name))
        return old_value
    return new_value
