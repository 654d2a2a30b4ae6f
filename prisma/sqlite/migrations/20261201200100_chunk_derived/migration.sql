-- The markers and pages a batch settles are stored with it, so a batch never rewrites the whole lists.
ALTER TABLE "Chunk" ADD COLUMN "derived" TEXT;

-- The page index is kept apart, and written only by the batches that change it.
ALTER TABLE "Recording" ADD COLUMN "ingestIndex" TEXT;
