-- AlterTable
ALTER TABLE "Chunk" ADD COLUMN "ingestIndex" TEXT;
