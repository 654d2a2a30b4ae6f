-- AlterTable
ALTER TABLE "Recording" ADD COLUMN "ingestState" TEXT NOT NULL DEFAULT '';
