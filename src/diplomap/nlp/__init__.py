"""NLP: sentence splitting, the spaCy pipeline and the records our components write."""
