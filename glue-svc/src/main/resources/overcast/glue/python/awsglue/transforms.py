"""awsglue.transforms as AWS Glue documents them, written for Overcast: each class's apply runs the DynamicFrame
method of the same transform."""
from awsglue.dynamicframe import DynamicFrame


class GlueTransform(object):

    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    @classmethod
    def name(cls):
        return cls.__name__


class ApplyMapping(GlueTransform):
    def __call__(self, frame, mappings, case_sensitive=False, transformation_ctx="", **kwargs):
        return frame.apply_mapping(mappings, case_sensitive, transformation_ctx)


class Filter(GlueTransform):
    def __call__(self, frame, f, transformation_ctx="", **kwargs):
        return frame.filter(f, transformation_ctx)


class Map(GlueTransform):
    def __call__(self, frame, f, preservesPartitioning=False, transformation_ctx="", **kwargs):
        return frame.map(f, preservesPartitioning, transformation_ctx)


class DropFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", **kwargs):
        return frame.drop_fields(paths, transformation_ctx)


class SelectFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", **kwargs):
        return frame.select_fields(paths, transformation_ctx)


class RenameField(GlueTransform):
    def __call__(self, frame, old_name, new_name, transformation_ctx="", **kwargs):
        return frame.rename_field(old_name, new_name, transformation_ctx)


class ResolveChoice(GlueTransform):
    def __call__(self, frame, specs=None, choice="", database=None, table_name=None, transformation_ctx="", **kwargs):
        return frame.resolveChoice(specs, choice, database, table_name, transformation_ctx)


class Relationalize(GlueTransform):
    def __call__(self, frame, staging_path=None, name="roottable", options=None, transformation_ctx="", **kwargs):
        return frame.relationalize(name, staging_path, options, transformation_ctx)


class Join(GlueTransform):
    def __call__(self, frame1, frame2, keys1, keys2, transformation_ctx="", **kwargs):
        return frame1.join(keys1, keys2, frame2, transformation_ctx)


class SplitFields(GlueTransform):
    def __call__(self, frame, paths, name1=None, name2=None, transformation_ctx="", **kwargs):
        prefix = frame.name + "_" if frame.name else ""
        name1 = name1 or prefix + "selected"
        name2 = name2 or prefix + "rest"
        return frame.split_fields(paths, name1, name2, transformation_ctx)


class Unbox(GlueTransform):
    def __call__(self, frame, path, format, transformation_ctx="", **kwargs):
        return frame.unbox(path, format, transformation_ctx, **kwargs)


class UnnestFrame(GlueTransform):
    def __call__(self, frame, transformation_ctx="", **kwargs):
        return frame.unnest(transformation_ctx)


class DropNullFields(GlueTransform):
    def __call__(self, frame, transformation_ctx="", **kwargs):
        return frame.drop_null_fields(transformation_ctx)


class Spigot(GlueTransform):
    def __call__(self, frame, path, options=None, transformation_ctx="", **kwargs):
        return frame.spigot(path, options, transformation_ctx)


__all__ = ["GlueTransform", "ApplyMapping", "Filter", "Map", "DropFields", "SelectFields", "RenameField",
           "ResolveChoice", "Relationalize", "Join", "SplitFields", "Unbox", "UnnestFrame", "DropNullFields", "Spigot",
           "DynamicFrame"]
