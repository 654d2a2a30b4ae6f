-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "reopenedAt" DATETIME;

-- CreateTable
CREATE TABLE "WebhookRefusal" (
    "provider" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "lastAt" DATETIME NOT NULL,

    PRIMARY KEY ("provider", "reason", "hour")
);

-- CreateIndex
CREATE INDEX "WebhookRefusal_hour_idx" ON "WebhookRefusal"("hour");
