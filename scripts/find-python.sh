#!/bin/sh
# Print the path of a Python >= 3.12: python3.13 / python3.12 on PATH, then pyenv's versions,
# then plain python3. Exit 1 with a message in Chinese and English if there is none.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for c in python3.13 python3.12 python3.14; do
  p=$(command -v "$c" 2>/dev/null) && ok "$p" && { echo "$p"; exit 0; }
done
root=${PYENV_ROOT:-$HOME/.pyenv}
for p in $(ls -d "$root"/versions/3.1[2-9]* "$root"/versions/3.[2-9][0-9]* 2>/dev/null | sort -rV); do
  ok "$p/bin/python3" && { echo "$p/bin/python3"; exit 0; }
done
p=$(command -v python3 2>/dev/null) && ok "$p" && { echo "$p"; exit 0; }
echo "未找到 Python 3.12 或更高版本（No Python >= 3.12 found）。请安装 python3.12/3.13（如 apt-get install python3.12 或 pyenv install 3.13），再运行 make。" >&2
exit 1
