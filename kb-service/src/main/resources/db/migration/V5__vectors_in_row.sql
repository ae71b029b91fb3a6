-- Chunk embeddings are kept in the row (storage MAIN) instead of out of line (TOAST, where a
-- 384-dimension vector went: 1.5 kB, with the chunk's text beside it, passes the 2 kB at which rows
-- are toasted). Wherever the vector leg reads a tenant's chunks exactly rather than through the
-- bucket's HNSW graph (a tenant with few chunks in its bucket), each vector was a TOAST lookup: the
-- exact top 40 of a tenant's 2,000 chunks took ~12 ms, and ~3 ms with the vectors in the row
-- (bench/README.md). The chunk's text and search vector still move out of line when a row needs it.
--
-- Rows written before keep their out-of-line vectors until rewritten: the same values through
-- subvector make the table rewrite itself (and rebuild its indexes) once. One statement, since a
-- change of type alone resets the column's storage to the type's default.
-- Upgrading: like V4, this holds an exclusive lock on chunk while it rewrites the table and builds
-- the indexes; kb search and indexing wait until it commits.
ALTER TABLE chunk
	ALTER COLUMN embedding TYPE vector(384) USING subvector(embedding, 1, 384),
	ALTER COLUMN embedding SET STORAGE MAIN;
ANALYZE chunk;
