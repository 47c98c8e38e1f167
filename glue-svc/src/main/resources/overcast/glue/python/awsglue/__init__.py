"""Overcast's awsglue package: the parts of AWS Glue's own library that Python shell jobs (awsglue.utils) and PySpark
glueetl scripts (awsglue.context, awsglue.dynamicframe, awsglue.transforms, awsglue.job) use. The PySpark parts
delegate to the Glue runner's JVM classes through py4j, so they need pyspark."""
