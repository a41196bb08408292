"""Converting the StreamField values of many pages together, so a page of results costs no query per page."""

from collections import defaultdict

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField


def convert_stream_values(values):
    """Convert every block of ``values`` (StreamValues) with one ``bulk_to_python`` call per block type.

    Wagtail converts a StreamValue's blocks of one type together, but each StreamValue on its own:
    the chooser blocks of twenty pages would fetch their documents and images in twenty queries.
    This fills the same per-value cache Wagtail's own lazy conversion fills, for all of them at once.
    """
    pending = defaultdict(list)
    for value in values:
        if not isinstance(value, StreamValue):
            continue
        child_blocks = value.stream_block.child_blocks
        # Wagtail keeps the stored data and the converted children side by side until each is read.
        for index, raw in enumerate(value._raw_data):
            if value._bound_blocks[index] is None and raw is not None and raw.get("type") in child_blocks:
                pending[(id(value.stream_block), raw["type"])].append((value, index))
    for (_block, type_name), places in pending.items():
        child_block = places[0][0].stream_block.child_blocks[type_name]
        converted = child_block.bulk_to_python([value._raw_data[index]["value"] for value, index in places])
        for (value, index), native in zip(places, converted, strict=True):
            value._bound_blocks[index] = StreamValue.StreamChild(
                child_block, native, id=value._raw_data[index].get("id")
            )


def convert_stream_fields(pages, field_names=None):
    """Convert the StreamFields (all, or those of ``field_names``) of ``pages``, one model, together."""
    if not pages:
        return
    fields = [
        field.attname
        for field in type(pages[0])._meta.concrete_fields
        if isinstance(field, StreamField) and (field_names is None or field.name in field_names)
    ]
    for name in fields:
        convert_stream_values([getattr(page, name) for page in pages if name in page.__dict__])
