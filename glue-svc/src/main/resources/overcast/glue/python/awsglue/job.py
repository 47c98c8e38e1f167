"""awsglue.job.Job as AWS Glue documents it, written for Overcast: init and commit are the runner's
(com.amazonaws.services.glue.util.Job), so that commit records the job bookmark of what the run's sources read."""


class Job(object):

    def __init__(self, glue_context):
        self._glue_context = glue_context
        self._jvm = glue_context._sc._jvm
        self._name = None

    def init(self, job_name, args=None):
        self._name = job_name
        jargs = self._jvm.java.util.HashMap()
        for key, value in (args or {}).items():
            if value is not None:
                jargs.put(str(key), str(value))
        self._jvm.com.amazonaws.services.glue.util.Job.init(job_name, self._glue_context._jglue, jargs)

    def isInitialized(self):
        return self._name is not None

    def commit(self):
        self._jvm.com.amazonaws.services.glue.util.Job.commit()
