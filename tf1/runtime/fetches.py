"""Session.run's fetch structures: flatten any nesting of lists, tuples, namedtuples and dicts into
graph elements, and rebuild the same structure around the fetched values (TF's _FetchMapper)."""
import collections

from ..framework.graph import Operation, Tensor


class FetchHandler:
    def __init__(self, graph, fetches):
        self._graph = graph
        self.fetch_tensors = []
        self.target_ops = []
        self._index = {}
        self._structure = self._map(fetches)

    def _element(self, fetch):
        if fetch is None:
            raise TypeError("Fetch argument %r has invalid type %r" % (fetch, type(fetch)))
        sparse = getattr(fetch, "_tf1_fetch_components", None)
        if sparse is not None:
            parts = [self._element(c) for c in sparse()]
            return ("composite", fetch, parts)
        try:
            el = self._graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except TypeError as e:
            raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. (%s)"
                            % (fetch, type(fetch), str(e)))
        except ValueError as e:
            raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)" % (fetch, str(e)))
        except KeyError as e:
            raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)" % (fetch, e.args[0]))
        if isinstance(el, Operation):
            if el not in self.target_ops:
                self.target_ops.append(el)
            return ("op",)
        if not self._graph.is_fetchable(el):
            raise ValueError("Operation %r has been marked as not fetchable." % el.op.name)
        if el not in self._index:
            self._index[el] = len(self.fetch_tensors)
            self.fetch_tensors.append(el)
        return ("tensor", self._index[el])

    def _map(self, fetch):
        if isinstance(fetch, (list, tuple)) and not _is_graph_element(fetch):
            items = [self._map(f) for f in fetch]
            if isinstance(fetch, tuple) and hasattr(fetch, "_fields"):
                return ("namedtuple", type(fetch), items)
            return ("list" if isinstance(fetch, list) else "tuple", items)
        if isinstance(fetch, collections.abc.Mapping):
            return ("dict", type(fetch), [(k, self._map(v)) for k, v in fetch.items()])
        if hasattr(fetch, "__attrs_attrs__"):
            names = [a.name for a in fetch.__attrs_attrs__]
            return ("attrs", type(fetch), [(n, self._map(getattr(fetch, n))) for n in names])
        return self._element(fetch)

    def build_results(self, values):
        return self._build(self._structure, values)

    def _build(self, s, values):
        kind = s[0]
        if kind == "tensor":
            return values[s[1]]
        if kind == "op":
            return None
        if kind == "composite":
            return s[1]._tf1_fetch_build([self._build(p, values) for p in s[2]])
        if kind == "list":
            return [self._build(x, values) for x in s[1]]
        if kind == "tuple":
            return tuple(self._build(x, values) for x in s[1])
        if kind == "namedtuple":
            return s[1](*[self._build(x, values) for x in s[2]])
        if kind == "dict":
            d = s[1]() if s[1] is not dict else {}
            for k, v in s[2]:
                d[k] = self._build(v, values)
            return d
        if kind == "attrs":
            return s[1](**{n: self._build(v, values) for n, v in s[2]})
        raise AssertionError(kind)


def _is_graph_element(x):
    return isinstance(x, (Tensor, Operation))
