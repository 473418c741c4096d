# syntax=docker/dockerfile:1
# The production image of the web server and the worker (same image, different command).
#   docker build -t haqq .
#   web:    docker run haqq                         (port 3000, /readyz)
#   worker: docker run haqq node jobs/worker.ts     (set WORKER_METRICS_PORT for its health)
# compose.yaml runs both at scale; docs/deploying.md explains the settings.

# 1. Dependencies, with the tools a native module may need to build (none does today:
#    @node-rs/argon2 and msgpackr ship prebuilt binaries for linux-x64 and arm64).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The image has Node 24 already: no `node` devDependency, no dev tools.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 2. The runtime: Node 24 runs the TypeScript sources directly (type stripping), so
#    there is no build output, only the sources and the production node_modules.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# The workers' public copies of released documents (src/public-copies/): OCRmyPDF
# straightens scans, Tesseract reads them (English, Arabic, and the Arabic script model),
# LibreOffice turns office files into PDF and sheets into CSV.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ocrmypdf tesseract-ocr-eng tesseract-ocr-ara tesseract-ocr-script-arab libreoffice-writer-nogui libreoffice-calc-nogui \
    && rm -rf /var/lib/apt/lists/*
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY jobs ./jobs
COPY config ./config
COPY views ./views
COPY public ./public
COPY scripts/seed.ts scripts/create-admin.ts scripts/backup.ts scripts/restore.ts scripts/sync-indexes.ts scripts/stats-rebuild.ts scripts/publication-rebuild.ts scripts/documents-rebuild.ts ./scripts/
# The files belong to root and are read-only for the process, which runs as `node`.
USER node
EXPOSE 3000
# Ready: MongoDB and Redis answer and the process is not stopping (src/http/ops/health-routes.ts).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains (SHUTDOWN_DRAIN_MS, then SHUTDOWN_TIMEOUT_MS): give `docker stop` longer than both.
STOPSIGNAL SIGTERM
# The same memory flags as `npm start` (peak RSS measured by `npm run bench -- requests`).
CMD ["node", "--max-semi-space-size=8", "--optimize-for-size", "src/server.ts"]
