package com.amazonaws.services.glue;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A source from GlueContext (getCatalogSource, getSourceWithFormat): its rows as a DynamicFrame. */
public final class DataSource {

    private final GlueContext context;
    private final Supplier<Dataset<Row>> read;

    DataSource(GlueContext context, Supplier<Dataset<Row>> read) {
        this.context = context;
        this.read = read;
    }

    public DynamicFrame getDynamicFrame() {
        return new DynamicFrame(read.get(), context);
    }

    public Dataset<Row> getDataFrame() {
        return read.get();
    }
}
