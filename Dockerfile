# authentik-access-auditor: `ak-access serve` on Node 24.
# Build: docker build -t ak-access .
# Run:   see README.md ("Container") and deploy/compose/ for the whole stack.
# test/deploy/container.test.ts runs this file's start command and HEALTHCHECK against a copy assembled
# as the stages below assemble it (there is no Docker engine in CI).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    AK_ACCESS_LISTEN=0.0.0.0:9851 \
    AK_ACCESS_BASELINE=/data/access-groups.md
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
COPY examples ./examples
COPY deploy/container/healthcheck.mjs ./healthcheck.mjs
USER node
EXPOSE 9851
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["node", "healthcheck.mjs"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
