# Training metrics API. Build: `docker build -t training-metrics-api .`; with a DynamoDB Local: `docker compose up`.
# The image has no Java, so it never runs the embedded DynamoDB Local: point it at DYNAMODB_ENDPOINT, or at AWS
# (AWS_REGION, credentials from the environment or the task role; create the table first with
# `docker run ... node dist/app/scripts/create-table.js`).

# ---- build: dev dependencies, TypeScript -> dist/ ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY dashboard/src ./dashboard/src
COPY scripts/build-if-changed.mjs scripts/build-dashboard.mjs ./scripts/
RUN npm run build

# ---- runtime: production dependencies, compiled code, the schema ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DYNAMODB_EMBEDDED=0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The dashboard's page (its bundle, script and stylesheet, is in dist/dashboard).
COPY dashboard/public ./dashboard/public
# The server reads ../../schema.graphql from dist/graphql, i.e. /app/schema.graphql.
COPY schema.graphql ./
# Files stay root-owned and read-only to the app. The one thing it writes is the stream consumer's checkpoint file
# (live updates), in /app/data: mount a volume there to keep the position across container restarts.
RUN mkdir -p /app/data && chown node:node /app/data
ENV STREAM_CHECKPOINT_FILE=/app/data/stream-checkpoints.json
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 (not npm): SIGTERM from `docker stop` reaches the server's graceful shutdown.
# The same V8 flags as `npm start` (test/unit/start-flags.test.ts): a 16 MB young generation lets a request's garbage
# die young (less GC CPU), and a 1.5x old-generation growing factor collects the rest before it piles up (W1 RSS
# under 200 MB; see docs/benchmarks.md).
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=50", "dist/app/index.js"]
