"""awsglue.context.GlueContext as AWS Glue documents it, written for Overcast: sources and sinks are the runner's
JVM GlueContext (com.amazonaws.services.glue.GlueContext) reached through py4j, so that catalog tables, S3 paths,
job bookmarks and enableUpdateCatalog behave as in Scala and Java jobs."""
import json

from pyspark.sql import SparkSession

from awsglue.dynamicframe import DynamicFrame, _options


class GlueContext(object):

    def __init__(self, sparkContext, **options):
        self._sc = sparkContext
        self.spark_session = SparkSession.builder.getOrCreate()
        jvm = sparkContext._jvm
        # the run's S3 (s3a) and SQL settings, on the session pyspark's launcher started
        jvm.dev.overcast.glue.runner.GlueRunner.configure(self.spark_session._jsparkSession)
        self._jglue = jvm.com.amazonaws.services.glue.GlueContext(sparkContext._jsc.sc())
        self.create_dynamic_frame = _Reader(self)
        self.write_dynamic_frame = _Writer(self)

    @property
    def sparkSession(self):
        return self.spark_session

    def create_dynamic_frame_from_catalog(self, database=None, table_name=None, redshift_tmp_dir="",
                                          transformation_ctx="", push_down_predicate="", additional_options=None,
                                          catalog_id=None, **kwargs):
        database = database or kwargs.get("name_space")
        if not database or not table_name:
            raise ValueError("create_dynamic_frame.from_catalog needs database and table_name")
        source = self._jglue.getCatalogSource(database, table_name, redshift_tmp_dir or "", transformation_ctx or "",
                                              push_down_predicate or " ", _options(self, additional_options))
        return DynamicFrame(source.getDynamicFrame(), self, table_name)

    def create_dynamic_frame_from_options(self, connection_type, connection_options=None, format=None,
                                          format_options=None, transformation_ctx="", **kwargs):
        source = self._jglue.getSourceWithFormat(connection_type, _options(self, connection_options),
                                                 transformation_ctx or "", format, _options(self, format_options))
        return DynamicFrame(source.getDynamicFrame(), self)

    def write_dynamic_frame_from_options(self, frame, connection_type, connection_options=None, format=None,
                                         format_options=None, transformation_ctx="", **kwargs):
        sink = self._jglue.getSinkWithFormat(connection_type, _options(self, connection_options),
                                             transformation_ctx or "", format or "parquet",
                                             _options(self, format_options))
        sink.writeDynamicFrame(frame._jdf)
        return frame

    def write_dynamic_frame_from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="",
                                         transformation_ctx="", additional_options=None, catalog_id=None, **kwargs):
        database = database or kwargs.get("name_space")
        sink = self._jglue.getCatalogSink(database, table_name, redshift_tmp_dir or "", transformation_ctx or "",
                                          _options(self, additional_options))
        sink.writeDynamicFrame(frame._jdf)
        return frame

    def getSink(self, connection_type, format=None, transformation_ctx="", **options):
        return DataSink(self._jglue.getSink(connection_type, _options(self, options), transformation_ctx or ""),
                        self, format)

    def getSource(self, connection_type, format=None, transformation_ctx="", **options):
        return DataSource(self, connection_type, format, transformation_ctx, options)


class DataSink(object):
    """glueContext.getSink(...): setFormat, setCatalogInfo (with enableUpdateCatalog), writeFrame."""

    def __init__(self, jsink, glue_ctx, format=None):
        self._jsink = jsink
        self._glue_ctx = glue_ctx
        if format:
            self.setFormat(format)

    def setFormat(self, format, **options):
        self._jsink.setFormat(format, _options(self._glue_ctx, options))

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=None):
        self._jsink.setCatalogInfo(catalogDatabase, catalogTableName)

    def writeFrame(self, dynamic_frame, info=""):
        self._jsink.writeDynamicFrame(dynamic_frame._jdf)
        return dynamic_frame

    def write(self, dynamic_frame, info=""):
        return self.writeFrame(dynamic_frame, info)


class DataSource(object):
    """glueContext.getSource(...): getFrame."""

    def __init__(self, glue_ctx, connection_type, format, transformation_ctx, options):
        self._glue_ctx = glue_ctx
        self._args = (connection_type, format, transformation_ctx, options)
        self._format_options = {}

    def setFormat(self, format, **options):
        self._args = (self._args[0], format, self._args[2], self._args[3])
        self._format_options = options

    def getFrame(self, **kwargs):
        connection_type, format, ctx, options = self._args
        return self._glue_ctx.create_dynamic_frame_from_options(connection_type, options, format,
                                                                self._format_options, ctx)


class _Reader(object):
    """glueContext.create_dynamic_frame.from_catalog / from_options."""

    def __init__(self, glue_ctx):
        self._glue_ctx = glue_ctx

    def from_catalog(self, *args, **kwargs):
        return self._glue_ctx.create_dynamic_frame_from_catalog(*args, **kwargs)

    def from_options(self, *args, **kwargs):
        return self._glue_ctx.create_dynamic_frame_from_options(*args, **kwargs)


class _Writer(object):
    """glueContext.write_dynamic_frame.from_options / from_catalog."""

    def __init__(self, glue_ctx):
        self._glue_ctx = glue_ctx

    def from_options(self, *args, **kwargs):
        return self._glue_ctx.write_dynamic_frame_from_options(*args, **kwargs)

    def from_catalog(self, *args, **kwargs):
        return self._glue_ctx.write_dynamic_frame_from_catalog(*args, **kwargs)
