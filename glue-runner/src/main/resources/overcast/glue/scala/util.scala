package com.amazonaws.services.glue

/** Compiled with every Scala script: `JsonOptions(Map(...))`, `JsonOptions("{...}")` and `JsonOptions.empty`. */
package object util {

  object JsonOptions {
    def apply(json: String): com.amazonaws.services.glue.util.JsonOptions =
      new com.amazonaws.services.glue.util.JsonOptions(json)

    def apply(options: scala.collection.Map[String, Any]): com.amazonaws.services.glue.util.JsonOptions =
      new com.amazonaws.services.glue.util.JsonOptions(options)

    val empty: com.amazonaws.services.glue.util.JsonOptions =
      new com.amazonaws.services.glue.util.JsonOptions(java.util.Map.of[String, AnyRef]())
  }
}
