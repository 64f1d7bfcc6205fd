# dokploy-autoupdate as a container, running `serve` by default.
#   docker build -t dokploy-autoupdate .
# The runtime holds Node and one bundled JavaScript file (scripts/bundle.ts): no node_modules, no
# native modules. State goes to /data (SQLite through node:sqlite on Node 22+, else a JSON file).
#
# NODE_IMAGE: any image with Node 20+ at /usr/bin/node or on PATH and a user with uid 1000.
# BUNDLE_FROM: `source` builds the bundle here (needs npm and the npm registry); `prebuilt` takes
# bundle/dokploy-autoupdate.mjs from the build context (`npm run bundle` first), for hosts
# without registry access.
ARG NODE_IMAGE=node:22-bookworm-slim
ARG BUNDLE_FROM=source

FROM ${NODE_IMAGE} AS source
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/bundle.ts scripts/
COPY deploy/dokploy-autoupdate deploy/dokploy-autoupdate
COPY src src
RUN node --import tsx scripts/bundle.ts --out /out/app/dokploy-autoupdate.mjs && mkdir /out/data

FROM scratch AS prebuilt
COPY bundle/dokploy-autoupdate.mjs /out/app/dokploy-autoupdate.mjs
WORKDIR /out/data

# BuildKit builds only the stage this alias points at.
FROM ${BUNDLE_FROM} AS bundle

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
# /app and an empty /data, owned by uid 1000: a named volume mounted on /data starts with this
# folder's owner, so the service can write its state there.
COPY --from=bundle --chown=1000:1000 /out/ /
# Non-root by default. The Docker socket belongs to root and the host's docker group, whose id
# differs between hosts: add it with `--group-add <gid>` (compose: group_add), or run as root.
USER 1000:1000
EXPOSE 8080
VOLUME ["/data"]
# Node's own fetch, so the image needs no curl. Serving elsewhere than 8080: set HEALTHCHECK_URL.
ENV HEALTHCHECK_URL=http://127.0.0.1:8080/healthz
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", \
    "fetch(process.env.HEALTHCHECK_URL).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/dokploy-autoupdate.mjs"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--state-dir", "/data"]
