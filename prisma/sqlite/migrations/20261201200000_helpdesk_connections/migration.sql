-- CreateTable
CREATE TABLE "HelpdeskConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "configEncrypted" BLOB NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "siteId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboundDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "endpointId" TEXT,
    "connectionId" TEXT,
    "noteSealed" BLOB,
    "noteErase" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "giveUpAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lastAttemptAt" DATETIME,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboundDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboundEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboundDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboundDelivery_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HelpdeskConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboundDelivery" ("attempts", "createdAt", "deliveredAt", "endpointId", "eventId", "giveUpAt", "id", "lastAttemptAt", "lastError", "lastStatus", "lockedUntil", "nextAttemptAt", "status") SELECT "attempts", "createdAt", "deliveredAt", "endpointId", "eventId", "giveUpAt", "id", "lastAttemptAt", "lastError", "lastStatus", "lockedUntil", "nextAttemptAt", "status" FROM "OutboundDelivery";
DROP TABLE "OutboundDelivery";
ALTER TABLE "new_OutboundDelivery" RENAME TO "OutboundDelivery";
CREATE INDEX "OutboundDelivery_status_nextAttemptAt_idx" ON "OutboundDelivery"("status", "nextAttemptAt");
CREATE INDEX "OutboundDelivery_endpointId_createdAt_idx" ON "OutboundDelivery"("endpointId", "createdAt");
CREATE INDEX "OutboundDelivery_connectionId_createdAt_idx" ON "OutboundDelivery"("connectionId", "createdAt");
CREATE UNIQUE INDEX "OutboundDelivery_eventId_endpointId_key" ON "OutboundDelivery"("eventId", "endpointId");
CREATE UNIQUE INDEX "OutboundDelivery_eventId_connectionId_key" ON "OutboundDelivery"("eventId", "connectionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "HelpdeskConnection_provider_key" ON "HelpdeskConnection"("provider");

