import com.amazonaws.services.glue.{ChoiceOption, DynamicFrame, DynamicRecord, GlueContext}
import com.amazonaws.services.glue.util.{GlueArgParser, Job, JsonOptions}
import org.apache.spark.SparkContext
import scala.jdk.CollectionConverters._

// A Glue Scala script: DynamicFrame's record-level transforms over nested JSON people, each result written to S3
object PeopleJob {
  def main(sysArgs: Array[String]): Unit = {
    val glueContext = new GlueContext(new SparkContext())
    val args = GlueArgParser.getResolvedOptions(sysArgs, Array("JOB_NAME", "input", "output"))
    Job.init(args("JOB_NAME"), glueContext, args.asJava)
    val out = args("output")
    def write(frame: DynamicFrame, name: String): Unit =
      glueContext.getSinkWithFormat("s3", JsonOptions(Map("path" -> (out + name + "/"))), "", "json")
        .writeDynamicFrame(frame.coalesce(1))

    val people = glueContext.getSourceWithFormat("s3", JsonOptions(Map("paths" -> Seq(args("input")))), "people", "json")
      .getDynamicFrame()

    write(people.filter((r: DynamicRecord) => r.getField("age").exists(_.asInstanceOf[Long] >= 18)), "filter")
    write(people.map { (r: DynamicRecord) =>
      r.addField("adult", java.lang.Boolean.valueOf(r.getField("age").exists(_.asInstanceOf[Long] >= 18)))
      r.addField("address.country", "XX")
      r.dropField("phones")
      r
    }, "map")
    write(people.dropFields(Seq("tags", "phones", "address.zip")), "dropFields")
    write(people.renameField("name", "full_name").renameField("address.city", "address.town")
      .selectFields(Seq("id", "full_name", "address")), "renameField")
    write(people.selectFields(Seq("id", "address.city")), "selectFields")
    write(people.resolveChoice(Seq(("score", "cast:long"))).selectFields(Seq("id", "score")), "cast")
    write(people.resolveChoice(Seq(("score", "project:long"))).selectFields(Seq("id", "score")), "project")
    write(people.resolveChoice(Seq(("score", "make_cols"))).selectFields(Seq("id", "score_string")), "make_cols")
    write(people.resolveChoice(Seq(("score", "make_struct"))).selectFields(Seq("id", "score")), "make_struct")
    write(people.selectFields(Seq("id", "score")).resolveChoice(ChoiceOption("cast:string")), "choice")
    val tables = people.dropFields(Seq("meta")).relationalize("root", out + "staging/")
    println("relationalized: " + tables.map(_.getName).mkString(","))
    tables.foreach(t => write(t, "relationalize/" + t.getName))
    write(people.selectFields(Seq("id", "address")).unnest(), "unnest")
    people.spigot(out + "spigot/", JsonOptions(Map("topk" -> 2)))
    println("people: " + people.toDF().columns.mkString(","))
    println("dropNullFields: " + people.dropNullFields().toDF().columns.mkString(","))
    val split = people.splitFields(Seq("id", "name"))
    println("splitFields: " + split.map(_.toDF().columns.mkString(",")).mkString(" | "))
    println("make_cols: " + people.resolveChoice(Seq(("score", "make_cols"))).toDF().columns.mkString(","))
    write(people.unbox("meta", "json").selectFields(Seq("id", "meta")), "unbox")
    Job.commit()
  }
}
