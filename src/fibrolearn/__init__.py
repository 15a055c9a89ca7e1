"""FibroLearn: spaced-repetition flashcards and self-quizzes, offline."""

__version__ = "0.1.0"
