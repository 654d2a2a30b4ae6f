-- The page index is sealed onto one batch in twelve rather than into the recording's row, which every batch rewrites whole.
ALTER TABLE "Chunk" ADD COLUMN "ingestIndex" TEXT;
