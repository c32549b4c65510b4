"""Static files with hashed names and compressed copies (WhiteNoise), whose JavaScript modules
import each other by their hashed names too, so a module shared by two apps' scripts is cached
for a year like every other static file and changes its address when it changes."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
