"""awsglue.utils as AWS Glue provides it to Python shell jobs (getResolvedOptions), written for Overcast."""
import argparse
import sys


class GlueArgumentError(Exception):
    pass


def getResolvedOptions(args, options):
    """The values of the job arguments named in options, read from args (sys.argv) as Glue passes them:
    ``--NAME value`` or ``--NAME=value``. JOB_NAME, JOB_ID and JOB_RUN_ID are always available when passed.
    A missing option raises GlueArgumentError, as on AWS."""
    parser = argparse.ArgumentParser(add_help=False)
    wanted = list(dict.fromkeys(list(options) + ["JOB_NAME", "JOB_ID", "JOB_RUN_ID"]))
    for name in wanted:
        parser.add_argument("--" + name, dest=name, required=False)
    parsed, _ = parser.parse_known_args(args[1:] if args and args[0] == sys.argv[0] else args)
    values = vars(parsed)
    missing = [o for o in options if values.get(o) is None]
    if missing:
        raise GlueArgumentError("the following arguments are required: " + ", ".join("--" + m for m in missing))
    return {k: v for k, v in values.items() if v is not None or k in options}
