# OpenVoiceOS in a container: built with the project's own scripts on Debian 12, run on Debian 12
# with only the libraries the binary links and the speech data it reads. Not built on the
# machine this project is developed on (no Docker engine there); see docs/multi-node.md.
#   docker build -t openvoiceos .                  the server (target `runtime`, the default)
#   docker build -t openvoiceos-nginx --target nginx .   Debian's nginx with the shipped config
# docker-compose.yml runs both with PostgreSQL and Redis.

# ---- build: the release binary and the dashboard ------------------------------------------
FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /src
# The dependency list lives in one place: install-deps.sh (build packages only, no test tools).
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
# The dashboard: Node.js only here (scripts/ui.sh fetches a Node.js 20 when Debian's is older).
RUN scripts/ui.sh build
RUN cmake --preset release \
 && cmake --build --preset release \
 && strip build/release/src/app/openvoiceos

# ---- runtime: the binary, the dashboard, the runtime libraries -----------------------------
FROM debian:12-slim AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# The shared libraries of the binary (ldd), pocketsphinx's English model, CA certificates for
# the vendors' TLS, curl for the health check.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      ca-certificates curl \
      libboost-json1.81.0 libboost-container1.81.0 libssl3 libsqlite3-0 libpq5 libhiredis0.14 \
      libsodium23 libspeexdsp1 libwebrtc-audio-processing1 libpoppler-cpp0v5 \
      libflite1 libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/openvoiceos --create-home --shell /usr/sbin/nologin ovos
COPY --from=build /src/build/release/src/app/openvoiceos /usr/bin/openvoiceos
COPY --from=build /src/ui/out /usr/share/openvoiceos/ui
USER ovos
WORKDIR /var/lib/openvoiceos
ENV OVOS_HOST=0.0.0.0 \
    OVOS_PORT=8000 \
    OVOS_DATA_DIR=/var/lib/openvoiceos \
    OVOS_UI_DIR=/usr/share/openvoiceos/ui \
    OVOS_LOG_FORMAT=json
VOLUME /var/lib/openvoiceos
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8000/healthz >/dev/null || exit 1
# SIGTERM drains (OVOS_SHUTDOWN_GRACE_SECONDS); give `docker stop -t` at least that long.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/openvoiceos"]
CMD ["serve"]

# ---- nginx: Debian's nginx with deploy/nginx/openvoiceos.conf ----------------------------
# The config is rendered at start from NGINX_LISTEN, OVOS_API_NODES and OVOS_ENGINE_NODES
# (comma-separated host:port) by deploy/nginx/render.sh, the same file tests/multinode runs.
FROM debian:12-slim AS nginx
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends nginx-light curl \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default
COPY deploy/nginx/openvoiceos.conf deploy/nginx/render.sh /etc/openvoiceos/
ENV NGINX_LISTEN=8080 OVOS_API_NODES=api-1:8000 OVOS_ENGINE_NODES=engine-1:8000
EXPOSE 8080
STOPSIGNAL SIGQUIT
CMD ["/bin/sh", "-c", "/etc/openvoiceos/render.sh \"$NGINX_LISTEN\" \"$OVOS_API_NODES\" \"$OVOS_ENGINE_NODES\" > /etc/nginx/conf.d/openvoiceos.conf && exec nginx -g 'daemon off;'"]
