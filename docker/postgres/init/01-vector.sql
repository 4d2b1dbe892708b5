-- Runs once, when the database volume is created: the memory tables need pgvector.
CREATE EXTENSION IF NOT EXISTS vector;
