"""Values several modules share, apart from the schema so that reading them costs nothing
(the schema's pydantic models take 0.15 s to build)."""

__all__ = ["ARTICLE_SPEAKER"]

#: The speaker of a fact the article states in its own voice.
ARTICLE_SPEAKER = "article"
