#!/bin/sh
# Debian packages the app needs outside Python: CJK fonts for PDFs, poppler for PDF tests,
# Pango for WeasyPrint, Chromium for browser tests. Installs only what is missing, only as root.
set -e
PKGS="fonts-noto-cjk fontconfig poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "安装系统软件包：$missing"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "缺少系统软件包：$missing" >&2
  echo "请以 root 运行：apt-get install$missing" >&2
  exit 1
fi
