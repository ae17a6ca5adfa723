"""Documents (PDF, HTML) to `ArticleRecord`s."""
