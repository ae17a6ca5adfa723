"""Documents (PDF, HTML) to `ArticleRecord`s."""

from newsmon.parse import compiled as _compiled

_compiled.use(__path__)  # the parser's modules as mypyc compiled them, when that build is of today's sources
