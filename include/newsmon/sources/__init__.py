"""Source profiles: declarative files that say how to find and read a news source."""

from newsmon.sources.profile import SourceProfile, available_sources, load_profile

__all__ = ["SourceProfile", "available_sources", "load_profile"]
