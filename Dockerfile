# Roadmap Coach. Build: docker build -t roadmap-coach .
# Run:   docker run -d --env-file .env -v coach-data:/data roadmap-coach
# The install is the README's, a virtual environment and pip, but reproducible: the dependencies
# come from requirements.lock, each version pinned and each file checked against its hash, and
# the project itself is installed on top without resolving anything (--no-deps).

FROM python:3.12-slim AS build
WORKDIR /src
RUN python -m venv /opt/coach
# The dependencies first, in a layer of their own: editing the code does not reinstall them.
COPY requirements.lock ./
RUN /opt/coach/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
# The project's top-level packages, one line each: a new package is one more line here, beside
# its name in [tool.setuptools.packages.find] in pyproject.toml.
COPY bot ./bot
COPY scheduler ./scheduler
COPY coach ./coach
COPY botapi_emulator ./botapi_emulator
COPY migrations ./migrations
# pip check fails the build if requirements.lock no longer satisfies pyproject.toml.
RUN /opt/coach/bin/pip install --no-cache-dir --no-deps . && /opt/coach/bin/pip check

FROM python:3.12-slim
RUN groupadd --gid 10001 coach \
    && useradd --create-home --uid 10001 --gid 10001 coach \
    && mkdir /data && chown coach:coach /data
COPY --from=build /opt/coach /opt/coach
COPY curriculum.json /opt/coach/curriculum.json
ENV PATH=/opt/coach/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/coach.db \
    CURRICULUM_PATH=/opt/coach/curriculum.json \
    MPLCONFIGDIR=/tmp/matplotlib
# By number: a host or orchestrator can then tell it is not root without reading /etc/passwd.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# Healthy when the database answers and this container's scheduler ticked in the last 3 min.
HEALTHCHECK --interval=60s --timeout=15s --start-period=120s --retries=3 CMD ["coach", "health"]
STOPSIGNAL SIGTERM
CMD ["coach", "run"]
