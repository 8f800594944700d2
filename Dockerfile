# authentik-access-auditor: `ak-access serve` on Node 24.
# Build: docker build -t ak-access .
# Run:   docker run -p 9851:9851 -e AUTHENTIK_URL=https://auth.example.com \
#          -e AUTHENTIK_TOKEN_FILE=/run/secrets/ak_token -v "$PWD/access-groups.md:/data/access-groups.md:ro" ak-access

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    AK_ACCESS_LISTEN=0.0.0.0:9851 \
    AK_ACCESS_BASELINE=/data/access-groups.md
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
COPY examples ./examples
USER node
EXPOSE 9851
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9851/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve"]
