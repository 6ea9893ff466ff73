"""The bundled sample corpus and the `newsmon demo` command."""
