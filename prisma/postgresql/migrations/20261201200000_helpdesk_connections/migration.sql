-- CreateTable
CREATE TABLE "HelpdeskConnection" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "configEncrypted" BYTEA NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "siteId" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HelpdeskConnection_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "OutboundDelivery" ALTER COLUMN "endpointId" DROP NOT NULL,
ADD COLUMN "connectionId" TEXT,
ADD COLUMN "noteSealed" BYTEA,
ADD COLUMN "noteErase" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "OutboundDelivery_connectionId_createdAt_idx" ON "OutboundDelivery"("connectionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundDelivery_eventId_connectionId_key" ON "OutboundDelivery"("eventId", "connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "HelpdeskConnection_provider_key" ON "HelpdeskConnection"("provider");

-- AddForeignKey
ALTER TABLE "OutboundDelivery" ADD CONSTRAINT "OutboundDelivery_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "HelpdeskConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
