-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "preview" BOOLEAN NOT NULL DEFAULT false;

-- PurgeReason gains preview_expired: enums are TEXT columns on SQLite, so there is nothing to alter.
