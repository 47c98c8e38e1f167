package com.amazonaws.services

/**
 * Compiled with every Scala script: the companions Glue's Scala API has for classes the runner writes in Java, so that
 * scripts say `DynamicFrame(df, glueContext)` and `ChoiceOption("cast:long")` as on AWS.
 */
package object glue {

  object DynamicFrame {
    def apply(df: org.apache.spark.sql.DataFrame, glueContext: GlueContext): com.amazonaws.services.glue.DynamicFrame =
      new com.amazonaws.services.glue.DynamicFrame(df, glueContext)

    def emptyDynamicFrame(glueContext: GlueContext): com.amazonaws.services.glue.DynamicFrame =
      new com.amazonaws.services.glue.DynamicFrame(glueContext.getSparkSession.emptyDataFrame, glueContext)
  }

  object ChoiceOption {
    def apply(choice: String): com.amazonaws.services.glue.ChoiceOption = new com.amazonaws.services.glue.ChoiceOption(choice)
  }
}
