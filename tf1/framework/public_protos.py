"""TF's protocol-buffer classes under their public names (`tf.ConfigProto`, `tf.GraphDef`, ...),
taken from tensorboard's copies of TF's protos (same wire format, same field names)."""
from tensorboard.compat.proto import (attr_value_pb2, config_pb2, graph_pb2, meta_graph_pb2,
                                      node_def_pb2, rewriter_config_pb2, tensor_pb2,
                                      tensor_shape_pb2, versions_pb2)

from ..api import export

export("ConfigProto")(config_pb2.ConfigProto)
export("GPUOptions")(config_pb2.GPUOptions)
export("GraphOptions")(config_pb2.GraphOptions)
export("OptimizerOptions")(config_pb2.OptimizerOptions)
export("RunOptions")(config_pb2.RunOptions)
export("RunMetadata")(config_pb2.RunMetadata)
export("ThreadPoolOptionProto")(config_pb2.ThreadPoolOptionProto)
export("GraphDef")(graph_pb2.GraphDef)
export("NodeDef")(node_def_pb2.NodeDef)
export("MetaGraphDef")(meta_graph_pb2.MetaGraphDef)
export("TensorInfo")(meta_graph_pb2.TensorInfo)
export("AttrValue")(attr_value_pb2.AttrValue)
export("NameAttrList")(attr_value_pb2.NameAttrList)
export("TensorProto")(tensor_pb2.TensorProto)
export("TensorShapeProto")(tensor_shape_pb2.TensorShapeProto)
export("VersionDef")(versions_pb2.VersionDef)
export("RewriterConfig")(rewriter_config_pb2.RewriterConfig)
