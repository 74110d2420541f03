# amlscan as a container for scheduled scans (Azure Container Apps job, Kubernetes CronJob, ...).
#
#   docker build -t amlscan .
#   docker run --rm -v $PWD/config:/config:ro -v $PWD/data:/data -v $PWD/reports:/reports amlscan
#
# The image runs `amlscan scan --config /config/amlscan.yaml`. Sign-in comes from the platform
# (managed identity or workload identity: `auth: managed-identity` / `workload-identity` in the
# configuration); no secret is baked in or passed here. See docs/schedule/container-apps-job.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    AMLSCAN_POLICIES=/opt/amlscan/policies

WORKDIR /opt/amlscan/src
COPY pyproject.toml README.md ./
COPY scanner ./scanner
# the wheel carries the policies too (scanner/policies); AMLSCAN_POLICIES below points at the copy
# kept beside it, which a deployment may replace
COPY policies ./policies
RUN pip install . && rm -rf /opt/amlscan/src
COPY policies /opt/amlscan/policies

RUN useradd --system --uid 10001 --home-dir /data amlscan \
    && mkdir -p /config /data /reports && chown amlscan /data /reports
USER 10001
WORKDIR /data
VOLUME ["/data", "/reports"]

ENTRYPOINT ["amlscan"]
CMD ["scan", "--config", "/config/amlscan.yaml"]
