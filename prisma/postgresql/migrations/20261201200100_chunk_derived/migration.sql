-- AlterTable
ALTER TABLE "Chunk" ADD COLUMN "derived" TEXT;

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN "ingestIndex" TEXT;
