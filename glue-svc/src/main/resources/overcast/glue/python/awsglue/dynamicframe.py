"""awsglue.dynamicframe as AWS Glue documents it, written for Overcast: a DynamicFrame is the runner's JVM DynamicFrame
(com.amazonaws.services.glue.DynamicFrame) reached through py4j, so that its transforms are the ones Scala and Java
jobs use; only filter and map, which run Python functions on the records, run in Python."""
import json

from pyspark.sql import DataFrame


def _jvm(glue_ctx):
    return glue_ctx._sc._jvm


def _jlist(glue_ctx, items):
    """A java.util.List of the items (strings, or lists of strings as String[])."""
    jvm = _jvm(glue_ctx)
    out = jvm.java.util.ArrayList()
    for item in items:
        if isinstance(item, (list, tuple)):
            array = glue_ctx._sc._gateway.new_array(jvm.java.lang.String, len(item))
            for i, value in enumerate(item):
                array[i] = None if value is None else str(value)
            out.add(array)
        else:
            out.add(item)
    return out


def _options(glue_ctx, options):
    return _jvm(glue_ctx).com.amazonaws.services.glue.util.JsonOptions(json.dumps(options or {}))


class DynamicRecord(dict):
    """A record as filter's and map's functions see it: a dict of its fields (nested structs are dicts)."""


class DynamicFrame(object):

    def __init__(self, jdf, glue_ctx, name=""):
        self._jdf = jdf
        self.glue_ctx = glue_ctx
        self._name = name or (jdf.getName() if jdf is not None else "")

    @property
    def name(self):
        return self._name

    def _wrap(self, jdf, name=None):
        return DynamicFrame(jdf, self.glue_ctx, name if name is not None else self._name)

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):
        jvm = _jvm(glue_ctx)
        return DynamicFrame(jvm.com.amazonaws.services.glue.DynamicFrame.fromDF(dataframe._jdf, glue_ctx._jglue, name),
                            glue_ctx, name)

    def toDF(self, options=None):
        return DataFrame(self._jdf.toDF(), self.glue_ctx.spark_session)

    def count(self):
        return self._jdf.count()

    def schema(self):
        return self.toDF().schema

    def printSchema(self):
        self.toDF().printSchema()

    def show(self, num_rows=20):
        self.toDF().show(num_rows)

    def getNumPartitions(self):
        return self.toDF().rdd.getNumPartitions()

    def repartition(self, num_partitions, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.repartition(num_partitions))

    def coalesce(self, num_partitions, shuffle=False, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.coalesce(num_partitions))

    def errorsCount(self):
        return self._jdf.errorsCount()

    # ---- transforms, delegated to the runner

    def apply_mapping(self, mappings, case_sensitive=False, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.applyMapping(_jlist(self.glue_ctx, mappings), case_sensitive, transformation_ctx))

    def drop_fields(self, paths, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.dropFields(_jlist(self.glue_ctx, paths)))

    def select_fields(self, paths, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.selectFields(_jlist(self.glue_ctx, paths)))

    def rename_field(self, oldName, newName, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.renameField(oldName, newName))

    def resolveChoice(self, specs=None, choice="", database=None, table_name=None, transformation_ctx="", **kwargs):
        if specs and choice:
            raise ValueError("resolveChoice takes specs or choice, not both")
        if not specs:
            if not choice:
                raise ValueError("resolveChoice needs specs or choice")
            specs = [(c, choice) for c in self.toDF().columns]
        return self._wrap(self._jdf.resolveChoice(_jlist(self.glue_ctx, specs), database, table_name))

    def join(self, paths1, paths2, frame2, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.join(_jlist(self.glue_ctx, paths1), _jlist(self.glue_ctx, paths2), frame2._jdf))

    def relationalize(self, root_table_name, staging_path, options=None, transformation_ctx="", **kwargs):
        frames = self._jdf.relationalizeAll(root_table_name)
        return DynamicFrameCollection({f.getName(): self._wrap(f, f.getName()) for f in frames}, self.glue_ctx)

    def unnest(self, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.unnest(transformation_ctx))

    def spigot(self, path, options=None, transformation_ctx="", **kwargs):
        self._jdf.spigot(path, _options(self.glue_ctx, options), transformation_ctx)
        return self

    def drop_null_fields(self, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.dropNullFields(transformation_ctx))

    def split_fields(self, paths, name1, name2, transformation_ctx="", **kwargs):
        parts = self._jdf.splitFields(_jlist(self.glue_ctx, paths))
        return DynamicFrameCollection({name1: self._wrap(parts[0], name1), name2: self._wrap(parts[1], name2)},
                                      self.glue_ctx)

    def unbox(self, path, format, transformation_ctx="", **kwargs):
        return self._wrap(self._jdf.unbox(path, format, json.dumps(kwargs), transformation_ctx))

    # ---- Python functions over the records

    def filter(self, f, transformation_ctx="", **kwargs):
        df = self.toDF()
        rows = df.rdd.filter(lambda row: bool(f(DynamicRecord(row.asDict(recursive=True)))))
        return DynamicFrame.fromDF(self.glue_ctx.spark_session.createDataFrame(rows, df.schema), self.glue_ctx,
                                   self._name)

    def map(self, f, preservesPartitioning=False, transformation_ctx="", **kwargs):
        """Each record through f; the schema is computed again from what f returns (fields kept keep their types),
        as the runner's map does."""
        df = self.toDF()

        def record(row):
            out = f(DynamicRecord(row.asDict(recursive=True)))
            return None if out is None else json.dumps(out, default=str)

        texts = df.rdd.map(record).filter(lambda t: t is not None).map(lambda t: (t,))
        spark = self.glue_ctx.spark_session
        jtexts = spark.createDataFrame(texts, "value string")._jdf
        jvm = _jvm(self.glue_ctx)
        jdf = jvm.dev.overcast.glue.runner.Frames.fromJson(spark._jsparkSession,
                                                           getattr(jtexts, "as")(jvm.org.apache.spark.sql.Encoders.STRING()),
                                                           df._jdf.schema())
        return DynamicFrame.fromDF(DataFrame(jdf, spark), self.glue_ctx, self._name)


class DynamicFrameCollection(object):
    """Named DynamicFrames, as relationalize and split_fields return them."""

    def __init__(self, dynamic_frames, glue_ctx):
        self._frames = dict(dynamic_frames)
        self.glue_ctx = glue_ctx

    def __getitem__(self, key):
        return self._frames[key]

    def __len__(self):
        return len(self._frames)

    def __iter__(self):
        return iter(self._frames)

    def keys(self):
        return self._frames.keys()

    def values(self):
        return self._frames.values()

    def select(self, key, transformation_ctx=""):
        return self._frames[key]

    def map(self, callable, transformation_ctx=""):
        return DynamicFrameCollection({k: callable(v, transformation_ctx) for k, v in self._frames.items()}, self.glue_ctx)
