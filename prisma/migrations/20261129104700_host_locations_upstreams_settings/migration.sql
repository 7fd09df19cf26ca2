-- CreateTable
CREATE TABLE "Location" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "actionType" TEXT NOT NULL,
    "upstreamId" TEXT,
    "stripPrefix" BOOLEAN NOT NULL DEFAULT false,
    "status" INTEGER,
    "body" TEXT,
    "contentType" TEXT,
    "redirectTo" TEXT,
    "keepPath" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Location_hostId_organizationId_fkey" FOREIGN KEY ("hostId", "organizationId") REFERENCES "Host" ("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Location_upstreamId_organizationId_fkey" FOREIGN KEY ("upstreamId", "organizationId") REFERENCES "Upstream" ("id", "organizationId") ON DELETE NO ACTION ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetHealth" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nodeId" TEXT NOT NULL,
    "upstreamId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "lastError" TEXT,
    "inFlight" INTEGER NOT NULL,
    "changedAt" DATETIME,
    "reportedAt" DATETIME NOT NULL,
    CONSTRAINT "TargetHealth_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "ProxyNode" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TargetHealth_upstreamId_organizationId_fkey" FOREIGN KEY ("upstreamId", "organizationId") REFERENCES "Upstream" ("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstanceSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "defaultSite" TEXT NOT NULL DEFAULT '{"type":"not-found"}',
    "trustedProxies" TEXT NOT NULL DEFAULT '[]'
);

-- Hand-written data step: before this migration every host sent all its traffic to one private
-- upstream (Host.upstreamId). That becomes the host's "/" proxy location, written before the Host table
-- below loses its upstreamId column.
INSERT INTO "Location" ("id", "hostId", "organizationId", "path", "position", "actionType", "upstreamId", "stripPrefix", "keepPath")
SELECT lower(hex(randomblob(16))), "id", "organizationId", '/', 0, 'proxy', "upstreamId", false, false FROM "Host";

-- The instance settings row every read and update expects (see InstanceSettings in schema.prisma).
INSERT INTO "InstanceSettings" ("id", "defaultSite", "trustedProxies") VALUES (1, '{"type":"not-found"}', '[]');

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "options" TEXT NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Host_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Host" ("createdAt", "enabled", "id", "organizationId", "revision", "updatedAt") SELECT "createdAt", "enabled", "id", "organizationId", "revision", "updatedAt" FROM "Host";
DROP TABLE "Host";
ALTER TABLE "new_Host" RENAME TO "Host";
CREATE INDEX "Host_organizationId_idx" ON "Host"("organizationId");
CREATE UNIQUE INDEX "Host_id_organizationId_key" ON "Host"("id", "organizationId");
CREATE TABLE "new_Upstream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "private" BOOLEAN NOT NULL DEFAULT false,
    "policy" TEXT NOT NULL DEFAULT 'round-robin',
    "stickyCookie" TEXT NOT NULL DEFAULT 'gh_sticky',
    "retries" INTEGER NOT NULL DEFAULT 1,
    "healthCheck" TEXT,
    "passiveHealth" TEXT NOT NULL DEFAULT '{}',
    "timeouts" TEXT NOT NULL DEFAULT '{}',
    "tls" TEXT NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Upstream_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Hand-edited: every existing upstream is its host's private one. It takes the private naming
-- "<first domain><path>" (its name was the first domain; the path is "/") and its host's revision and
-- timestamps.
INSERT INTO "new_Upstream" ("id", "name", "organizationId", "private", "revision", "createdAt", "updatedAt")
SELECT
    u."id",
    u."name" || '/',
    u."organizationId",
    true,
    COALESCE((SELECT MAX(h."revision") FROM "Location" l JOIN "Host" h ON h."id" = l."hostId" WHERE l."upstreamId" = u."id"), 0),
    COALESCE((SELECT MIN(h."createdAt") FROM "Location" l JOIN "Host" h ON h."id" = l."hostId" WHERE l."upstreamId" = u."id"), CURRENT_TIMESTAMP),
    COALESCE((SELECT MAX(h."updatedAt") FROM "Location" l JOIN "Host" h ON h."id" = l."hostId" WHERE l."upstreamId" = u."id"), CURRENT_TIMESTAMP)
FROM "Upstream" u;
DROP TABLE "Upstream";
ALTER TABLE "new_Upstream" RENAME TO "Upstream";
CREATE UNIQUE INDEX "Upstream_organizationId_name_key" ON "Upstream"("organizationId", "name");
CREATE UNIQUE INDEX "Upstream_id_organizationId_key" ON "Upstream"("id", "organizationId");
CREATE TABLE "new_UpstreamTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "upstreamId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "backup" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "UpstreamTarget_upstreamId_organizationId_fkey" FOREIGN KEY ("upstreamId", "organizationId") REFERENCES "Upstream" ("id", "organizationId") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UpstreamTarget" ("id", "organizationId", "upstreamId", "url", "weight") SELECT "id", "organizationId", "upstreamId", "url", "weight" FROM "UpstreamTarget";
DROP TABLE "UpstreamTarget";
ALTER TABLE "new_UpstreamTarget" RENAME TO "UpstreamTarget";
CREATE INDEX "UpstreamTarget_upstreamId_organizationId_idx" ON "UpstreamTarget"("upstreamId", "organizationId");
CREATE UNIQUE INDEX "UpstreamTarget_upstreamId_url_key" ON "UpstreamTarget"("upstreamId", "url");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Location_hostId_organizationId_idx" ON "Location"("hostId", "organizationId");

-- CreateIndex
CREATE INDEX "Location_upstreamId_organizationId_idx" ON "Location"("upstreamId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Location_hostId_path_key" ON "Location"("hostId", "path");

-- CreateIndex
CREATE INDEX "TargetHealth_upstreamId_organizationId_idx" ON "TargetHealth"("upstreamId", "organizationId");

-- CreateIndex
CREATE INDEX "TargetHealth_organizationId_idx" ON "TargetHealth"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "TargetHealth_nodeId_upstreamId_url_key" ON "TargetHealth"("nodeId", "upstreamId", "url");
