# Gatehouse in one image with two roles, chosen by GATEHOUSE_ROLE (compose.yaml runs it as `web` and as
# `proxy`). The container runs scripts/start.ts, the file `npm start` runs, so migrations, checks and
# start-up are the same with or without Docker (tests/e2e/entrypoint.e2e.test.ts runs this CMD outside Docker).

# ---- build: all dependencies, the Prisma client and the web build -------------------------------------
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits this platform: node-gyp needs these.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The npm the lock file was written and tested with (package.json "packageManager").
RUN npm install -g npm@11.19.1 --no-audit --no-fund
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
WORKDIR /app
# Manifests first, so a change to the source alone reuses the dependency layer. The postinstall script
# generates the Prisma client from prisma/schema.prisma, so both come along.
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/proxy/package.json apps/proxy/
COPY packages/db/package.json packages/db/
COPY packages/shared/package.json packages/shared/
COPY prisma prisma
COPY scripts/prisma-generate.mjs scripts/
RUN npm ci --no-audit --no-fund
COPY . .
# Build, then drop what only building needs: dev dependencies and Next's build cache.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf apps/web/.next/cache .turbo apps/*/.turbo packages/*/.turbo

# ---- runtime: production dependencies only, as the unprivileged `node` user ----------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 \
    GATEHOUSE_DATA_DIR=/data \
    GATEHOUSE_WEB_BIND=0.0.0.0
WORKDIR /app
# The code stays owned by root (the app cannot change itself); only the data dir and Next's runtime
# cache are writable. A new named volume on /data takes this directory's owner (node, uid 1000).
COPY --from=build /app /app
RUN mkdir -p /data apps/web/.next/cache \
 && chown node:node /data apps/web/.next/cache
USER node
VOLUME ["/data"]
# 3000 admin UI (web role); 8080 HTTP and 8443 HTTPS (proxy role): unprivileged ports, publish them as 80/443.
EXPOSE 3000 8080 8443
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "--import", "tsx", "scripts/healthcheck.ts"]
CMD ["node", "--import", "tsx", "scripts/start.ts"]
