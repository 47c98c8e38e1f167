"""Overcast's awsglue package for Python shell jobs: the parts of AWS Glue's own library a shell job uses."""
