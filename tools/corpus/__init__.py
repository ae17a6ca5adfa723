"""Generator of the varied afgazad-style PDF corpus (corpus/variants): see __main__ and README there."""
