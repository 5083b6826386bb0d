#!/bin/sh
# 离线安装或升级 infobot（上街信息员之家机器人）：只用本目录 wheels/ 里的软件包，不连接任何软件源。
# 用法：sudo ./install.sh [安装目录]      安装目录默认 /opt/infobot；PYTHON=/usr/bin/python3.11 可指定 Python。
# 升级：先停止机器人（systemctl stop infobot 或 infobot-wecom），再运行本脚本。
#   旧的虚拟环境保留为 <安装目录>/.venv.previous；执行迁移前数据库自动备份到 data/backups/。回退见 docs/deploy-offline.md。
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TARGET=${1:-/opt/infobot}
PYTHON=${PYTHON:-python3}
WANT=$(cat "$HERE/PYTHON_VERSION")
VENV="$TARGET/.venv"
PREVIOUS="$TARGET/.venv.previous"

fail() { echo "错误：$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || \
    fail "找不到 $PYTHON。本安装包需要 Python $WANT（apt-get install python$WANT python$WANT-venv），或用 PYTHON=/路径/python$WANT ./install.sh 指定。"
HAVE=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$HAVE" = "$WANT" ] || \
    fail "本安装包是为 Python $WANT 构建的，而 $PYTHON 是 Python $HAVE。请用 PYTHON=/路径/python$WANT ./install.sh 指定，或在有网络的机器上用 Python $HAVE 重新执行 make bundle。"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || fail "$PYTHON 缺少 venv 模块：apt-get install python$WANT-venv"
if command -v systemctl >/dev/null 2>&1; then
    for unit in infobot infobot-wecom; do
        if systemctl is-active --quiet "$unit" 2>/dev/null; then
            fail "机器人（$unit）正在运行。请先 systemctl stop $unit，再运行本脚本。"
        fi
    done
fi

echo "安装到 $TARGET（Python $HAVE，软件包只取自 $HERE/wheels）…"
mkdir -p "$TARGET/data"
if [ -d "$VENV" ]; then
    rm -rf "$PREVIOUS"
    mv "$VENV" "$PREVIOUS"
fi
if ! { "$PYTHON" -m venv "$VENV" &&
        "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$HERE/wheels" \
            --require-hashes -r "$HERE/requirements.lock"; }; then
    rm -rf "$VENV"
    [ -d "$PREVIOUS" ] && mv "$PREVIOUS" "$VENV"
    fail "安装失败（见上面 pip 的输出），已恢复原来的版本（如有）。"
fi

# The office's own config is never overwritten; this release's examples sit beside it for comparison.
if [ -d "$TARGET/config" ]; then
    rm -rf "$TARGET/config.example"
    cp -R "$HERE/config" "$TARGET/config.example"
else
    cp -R "$HERE/config" "$TARGET/config"
fi
rm -rf "$TARGET/deploy" "$TARGET/docs"
cp -R "$HERE/deploy" "$TARGET/deploy"
cp -R "$HERE/docs" "$TARGET/docs"

# The chat network's credentials, as systemd will give them (only when exactly one env file exists).
ENV_FILE=${INFOBOT_ENV_FILE:-}
if [ -z "$ENV_FILE" ]; then
    for f in /etc/infobot/wecom.env /etc/infobot/wechaty.env; do
        if [ -r "$f" ]; then
            if [ -n "$ENV_FILE" ]; then ENV_FILE=""; break; fi
            ENV_FILE=$f
        fi
    done
fi
if [ -n "$ENV_FILE" ]; then
    set -a
    . "$ENV_FILE"
    set +a
fi

run_infobot() { "$VENV/bin/infobot" --config "$TARGET/config" --db "$TARGET/data/infobot.db" "$@"; }
INFOBOT="$VENV/bin/infobot --config $TARGET/config --db $TARGET/data/infobot.db"  # as shown to the operator
"$VENV/bin/infobot" --version
echo "检查配置和数据库（有未执行的迁移时，先自动备份到 $TARGET/data/backups/，再执行迁移）…"
if ! run_infobot check; then
    fail "infobot check 未通过（见上）。改好配置后重新运行 $INFOBOT check；要回退到旧版本见 $TARGET/docs/deploy-offline.md。"
fi
if [ "$(id -u)" = 0 ] && id infobot >/dev/null 2>&1; then
    chown -R infobot:infobot "$TARGET/data"
fi
echo
DOCTOR=0
run_infobot doctor || DOCTOR=$?

cat <<NEXT

安装完成：$($VENV/bin/infobot --version)，位于 $TARGET。
接下来：
  1. 编辑 $TARGET/config/ 里的配置（单位、管理员的 contact_id 等；升级时对照 $TARGET/config.example/ 看有无新项）。
  2. 选一种聊天网络：企业微信 / 政务微信复制 $TARGET/deploy/wecom.env.example 为 /etc/infobot/wecom.env，
     微信复制 $TARGET/deploy/wechaty.env.example 为 /etc/infobot/wechaty.env；填入凭据后 chmod 600。
  3. 再次检查，直到没有「失败」：$INFOBOT doctor
  4. 安装并启动服务（首次）：cp $TARGET/deploy/infobot-wecom.service /etc/systemd/system/（微信用 infobot.service），
     systemctl daemon-reload && systemctl enable --now infobot-wecom；升级时只需 systemctl start infobot-wecom。
  详见 $TARGET/docs/deploy-offline.md。
NEXT
[ "$DOCTOR" = 0 ] || echo "注意：上面的检查有「失败」项，请先处理再启动机器人。"
