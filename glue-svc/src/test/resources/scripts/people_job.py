"""A PySpark Glue script: awsglue's DynamicFrame transforms over nested JSON people, results written to S3."""
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Filter, Relationalize, SelectFields
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input", "output"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

people = glueContext.create_dynamic_frame.from_options("s3", {"paths": [args["input"]]}, format="json")


def write(frame, name):
    glueContext.write_dynamic_frame.from_options(frame=frame.coalesce(1), connection_type="s3",
                                                 connection_options={"path": args["output"] + name + "/"},
                                                 format="json")


write(Filter.apply(frame=people, f=lambda r: r["age"] >= 18), "filter")
tables = Relationalize.apply(frame=SelectFields.apply(frame=people, paths=["id", "phones"]),
                             staging_path=args["output"] + "staging/", name="root")
for name in tables.keys():
    write(tables.select(name), "relationalize_" + name)
job.commit()
