-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "domains" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "challengeType" TEXT NOT NULL DEFAULT 'http-01',
    "certificatePem" TEXT,
    "privateKeyEncrypted" TEXT,
    "issuer" TEXT,
    "serialNumber" TEXT,
    "notBefore" DATETIME,
    "notAfter" DATETIME,
    "renewAt" DATETIME,
    "nextAttemptAt" DATETIME,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Certificate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CertificateEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "certificateId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CertificateEvent_certificateId_organizationId_fkey" FOREIGN KEY ("certificateId", "organizationId") REFERENCES "Certificate" ("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AcmeChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "certificateId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'http-01',
    "domain" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "keyAuthorization" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AcmeChallenge_certificateId_organizationId_fkey" FOREIGN KEY ("certificateId", "organizationId") REFERENCES "Certificate" ("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AcmeAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "email" TEXT NOT NULL,
    "directoryUrl" TEXT NOT NULL,
    "eabKeyId" TEXT,
    "eabHmacKeyEncrypted" TEXT,
    "accountKeyEncrypted" TEXT,
    "accountUrl" TEXT,
    "registeredDirectory" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "options" TEXT NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL,
    "tlsMode" TEXT NOT NULL DEFAULT 'off',
    "certificateId" TEXT,
    "forceHttps" BOOLEAN NOT NULL DEFAULT false,
    "hsts" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Host_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Host_certificateId_organizationId_fkey" FOREIGN KEY ("certificateId", "organizationId") REFERENCES "Certificate" ("id", "organizationId") ON DELETE NO ACTION ON UPDATE CASCADE
);
INSERT INTO "new_Host" ("createdAt", "enabled", "id", "options", "organizationId", "revision", "updatedAt") SELECT "createdAt", "enabled", "id", "options", "organizationId", "revision", "updatedAt" FROM "Host";
DROP TABLE "Host";
ALTER TABLE "new_Host" RENAME TO "Host";
CREATE INDEX "Host_organizationId_idx" ON "Host"("organizationId");
CREATE INDEX "Host_certificateId_organizationId_idx" ON "Host"("certificateId", "organizationId");
CREATE UNIQUE INDEX "Host_id_organizationId_key" ON "Host"("id", "organizationId");
CREATE TABLE "new_InstanceSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "defaultSite" TEXT NOT NULL DEFAULT '{"type":"not-found"}',
    "trustedProxies" TEXT NOT NULL DEFAULT '[]',
    "unknownSni" TEXT NOT NULL DEFAULT 'default-certificate'
);
INSERT INTO "new_InstanceSettings" ("defaultSite", "id", "trustedProxies") SELECT "defaultSite", "id", "trustedProxies" FROM "InstanceSettings";
DROP TABLE "InstanceSettings";
ALTER TABLE "new_InstanceSettings" RENAME TO "InstanceSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Certificate_organizationId_idx" ON "Certificate"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_id_organizationId_key" ON "Certificate"("id", "organizationId");

-- CreateIndex
CREATE INDEX "CertificateEvent_certificateId_organizationId_createdAt_idx" ON "CertificateEvent"("certificateId", "organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AcmeChallenge_token_key" ON "AcmeChallenge"("token");

-- CreateIndex
CREATE INDEX "AcmeChallenge_certificateId_organizationId_idx" ON "AcmeChallenge"("certificateId", "organizationId");
