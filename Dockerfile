# The pmdash app image: `streamlit run serve.py` (the pages plus GET /health) on port 8501.
#   docker build -t pmdash .
#   docker run -p 8501:8501 pmdash                      # the shipped data, as on a laptop
#   docker run -p 8501:8501 -e PMDASH_DATA_DIR=s3://bucket/pmdash \
#       -e PMDASH_DATABASE_URL=postgresql+psycopg2://... -e AWS_ACCESS_KEY_ID=... pmdash
# See docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Chromium renders the PNG exports (kaleido uses the system browser).
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 pmdash

WORKDIR /app
COPY pyproject.toml README.md ./
COPY pmdash ./pmdash
RUN pip install .

COPY app.py serve.py ./
COPY pages ./pages
COPY .streamlit/config.toml ./.streamlit/config.toml
COPY --chown=pmdash data ./data

USER pmdash
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/health', timeout=4)"]
CMD ["streamlit", "run", "serve.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
