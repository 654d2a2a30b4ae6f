-- The markers and pages a batch settles are stored with it, so a batch never rewrites the whole lists.
ALTER TABLE "Chunk" ADD COLUMN "derived" TEXT;
