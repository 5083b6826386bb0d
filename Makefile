# 新机器上只需 `make run` 或 `make test`：两者都会先建好虚拟环境、安装依赖，并确保有中文字体。
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup fonts office gateway chromium run test check clean bench lint docs lock bundle

# Every extra, exactly as locked (locks/dev.txt, with hashes; `make lock` refreshes it), then the bot itself.
$(STAMP): pyproject.toml constraints-wechaty.txt locks/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r locks/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# PNG 排名图需要中文字体，否则汉字会画成方框。没有时：root 用户自动安装 Debian 的 fonts-noto-cjk，
# 其他用户只给出提示（机器人届时改发文字版）。
fonts:
	@if command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "未检测到中文字体，正在安装 fonts-noto-cjk（下载约 57 MB）…"; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig >/dev/null && \
		fc-list :lang=zh family | grep -q . || { echo "错误：安装 fonts-noto-cjk 后仍找不到中文字体。" >&2; exit 1; }; \
	else \
		echo "警告：未检测到中文字体，排名图将改为文字版。请管理员执行：apt-get install fonts-noto-cjk fontconfig" >&2; \
	fi

# 可选：LibreOffice 和 poppler-utils，用于把 xlsx/docx 转成 PDF 检查版式（测试中的 PDF 检查需要它）。
office:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null; \
	else \
		echo "警告：需要 root 权限安装 LibreOffice：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils" >&2; \
	fi

# 微信端到端测试用的 Node.js 网关（tests/e2e/gateway）：按 package-lock.json 安装 npm 包。没有 node 时只提示，测试会跳过。
GATEWAY := tests/e2e/gateway
GATEWAY_STAMP := $(GATEWAY)/node_modules/.installed

gateway:
	@if command -v node >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(GATEWAY_STAMP); \
	else \
		echo "提示：未安装 node（Node.js），微信端到端测试将跳过。需要时：apt-get install nodejs npm" >&2; \
	fi

$(GATEWAY_STAMP): $(GATEWAY)/package-lock.json $(GATEWAY)/package.json
	cd $(GATEWAY) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# 后台的浏览器测试用 Debian 的 chromium（不下载 Playwright 自带的浏览器）。root 自动安装，否则测试跳过并注明原因。
chromium:
	@if command -v chromium >/dev/null 2>&1; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "未检测到 chromium，正在安装（后台的浏览器测试用）…"; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
		echo "提示：未安装 chromium，后台的浏览器测试将跳过。需要时：apt-get install chromium" >&2; \
	fi

run: setup fonts
	$(BIN)/infobot run

test: setup fonts gateway chromium lint
	$(BIN)/pytest

check: setup
	$(BIN)/infobot check

clean:
	rm -rf $(VENV) build *.egg-info $(GATEWAY)/node_modules

# Speed and memory against raw-SQLite baselines measured in the same run (never part of `make test`).
bench: setup
	$(BIN)/python -m bench.run

# Lint and type check; `make test` runs it before pytest and fails on any finding (so CI does too).
lint: setup
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy bot

# Rewrite the command tables in README.md and docs/ from the command registry (tests/test_docs.py checks them).
docs: setup
	$(BIN)/python -m bot.handlers.docs

# --- Locked dependencies and the offline bundle (#24; docs/deploy-offline.md) -----------------------------
# uv resolves for the target (CPython 3.11 on x86_64 glibc Linux) whatever the host, keeps
# constraints-wechaty.txt holding, and writes pip-readable locks with every file's hash.
# locks/dev.txt: every extra (make setup); locks/runtime.txt: what an office's server needs (make bundle).
# `make lock` keeps the pins that still fit pyproject.toml; `make lock UPGRADE=1` moves all to the newest allowed.
UV_VERSION := 0.13.8
LOCK_FLAGS := --quiet --generate-hashes --python-version 3.11.5 --python-platform x86_64-manylinux_2_28 \
	--custom-compile-command 'make lock' -c constraints-wechaty.txt

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --all-extras $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o locks/dev.txt
	$(BIN)/uv pip compile pyproject.toml --extra wechaty --extra wecom --extra web -c locks/dev.txt \
		$(LOCK_FLAGS) -o locks/runtime.txt

# dist/infobot-<version>-<python>-linux.tar.gz: the bot's wheel, every dependency's wheel, config/, deploy/
# and install.sh, for a server without network (same Python minor version as $(PYTHON)).
bundle: setup
	$(BIN)/python -m release.bundle
