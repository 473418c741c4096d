# Production image of the web server and the worker (same image, different command).
# Build: docker build -t haqq .   Web: docker run haqq   Worker: docker run haqq node jobs/worker.ts
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The image already has Node 24; skip the `node` devDependency and every other dev tool.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY jobs ./jobs
COPY config ./config
COPY views ./views
COPY public ./public
COPY scripts/seed.ts scripts/create-admin.ts ./scripts/
USER node
EXPOSE 3000
# The same memory flags as `npm start` (peak RSS measured by `npm run bench -- requests`).
CMD ["node", "--max-semi-space-size=8", "--optimize-for-size", "src/server.ts"]
