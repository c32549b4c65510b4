"""Posters and photos in responsive sizes: renditions are made once, on upload, with Pillow."""

from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

RENDITION_WIDTHS = (160, 320, 480, 640)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class Picture:
    """What a template needs to show an image in responsive sizes without layout shift."""

    src: str
    srcset: str
    width: int
    height: int
    largest_src: str  # for link previews, which want the biggest image
    largest_width: int
    largest_height: int


def rendition_name(name: str, width: int) -> str:
    """Where the rendition of an upload at a given width is stored: beside it, in renditions/."""
    path = PurePosixPath(name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.webp")


def rendition_widths(original_width: int) -> list[int]:
    """The widths made for an original: never upscaled, and at least one."""
    widths = [width for width in RENDITION_WIDTHS if width <= original_width]
    return widths or [original_width]


@dataclass(frozen=True)
class CheckedImage:
    format: str  # one of ACCEPTED_FORMATS
    width: int
    height: int

    @property
    def extension(self) -> str:
        return {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[self.format]


def validate_upload(upload) -> CheckedImage:
    """Refuse files that are too big, too many pixels or not a photo format, with a clear error;
    what Pillow read of the header otherwise. Only the header is read: a decompression bomb is
    refused before its pixels are (Pillow's own limit, then ours)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The file is not an image that can be read.")) from error
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP image."))
    if width * height > MAX_UPLOAD_PIXELS:
        raise ValidationError(_("The image has more than 40 megapixels."))
    return CheckedImage(image_format, width, height)


def validate_image_bytes(data: bytes) -> CheckedImage:
    """validate_upload's checks on an image held in memory (one an import downloaded)."""
    return validate_upload(ContentFile(data))


def make_renditions(field_file: FieldFile) -> list[str]:
    """Write the WebP renditions of an uploaded image; returns their storage names."""
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
    finally:
        field_file.close()
    names = []
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        buffer = BytesIO()
        image.resize((width, height), Image.Resampling.LANCZOS).save(buffer, "WEBP", quality=80)
        name = rendition_name(field_file.name, width)
        if default_storage.exists(name):
            default_storage.delete(name)
        names.append(default_storage.save(name, ContentFile(buffer.getvalue())))
    return names


def delete_image(name: str, width: int | None) -> None:
    """Delete an image and the renditions made of it (one `width` pixels wide)."""
    for rendition in rendition_widths(width) if width else RENDITION_WIDTHS:
        default_storage.delete(rendition_name(name, rendition))
    default_storage.delete(name)


def picture(field_file: FieldFile, width: int | None, height: int | None) -> Picture | None:
    """The responsive picture of an image field, computed without touching the disk."""
    if not field_file or not width or not height:
        return None
    widths = rendition_widths(width)
    urls = {w: default_storage.url(rendition_name(field_file.name, w)) for w in widths}
    middle, largest = widths[min(1, len(widths) - 1)], widths[-1]
    return Picture(
        src=urls[middle],
        srcset=", ".join(f"{url} {w}w" for w, url in urls.items()),
        width=middle,
        height=round(height * middle / width),
        largest_src=urls[largest],
        largest_width=largest,
        largest_height=round(height * largest / width),
    )


@dataclass(frozen=True)
class Thumbnail:
    src: str
    width: int
    height: int


def thumbnail(field_file: FieldFile, width: int | None, height: int | None) -> Thumbnail | None:
    """The smallest rendition of an image, for lists such as search suggestions."""
    if not field_file or not width or not height:
        return None
    smallest = rendition_widths(width)[0]
    return Thumbnail(
        src=default_storage.url(rendition_name(field_file.name, smallest)),
        width=smallest,
        height=round(height * smallest / width),
    )
