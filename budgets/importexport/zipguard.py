"""Bounds on what a zip (an xlsx workbook or a zip of CSV files) may expand to.

A few hundred kilobytes of deflate can hold gigabytes of XML, and every row read is kept until the
import ends, so such a "zip bomb" would take the server's memory. Sizes are checked twice: the ones
the zip's directory declares, before anything is decompressed, and the bytes actually produced while
streaming, because a directory can lie. The limits are settings:

- IMPORT_MAX_UNZIPPED_MEMBER_BYTES: one part of the zip (a worksheet's XML, a CSV file);
- IMPORT_MAX_UNZIPPED_BYTES: all parts together;
- IMPORT_MAX_COMPRESSION_RATIO: uncompressed / compressed size of a part larger than RATIO_FLOOR.

The defaults leave room for real workbooks: the benchmark (benchmarks/import_bench.py, 172,200 rows,
7.8 MB) has a 96 MB 绩效指标 sheet, 111 MB in all, compressed 14:1; a WPS/LibreOffice sheet of a
million styled empty rows is 50–125 MB at 19–45:1.
"""

import io
import zipfile

from django.conf import settings

MB = 1024 * 1024
DEFAULT_MAX_MEMBER_BYTES = 256 * MB
DEFAULT_MAX_TOTAL_BYTES = 512 * MB
DEFAULT_MAX_RATIO = 100
RATIO_FLOOR = 16 * MB  # a smaller part may compress any amount: it cannot hurt
CHUNK = 1 * MB
# Excel, WPS and LibreOffice store or deflate; bzip2/lzma members (which also decompress without an
# output bound per read) are refused rather than trusted.
ACCEPTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ExpandsTooMuch(Exception):
    """path: the zip member (None for the whole file); reason: Chinese, e.g. 「超过 256 MB」."""

    def __init__(self, path, reason):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedCompression(Exception):
    pass


def _mb(n):
    return f"{n / MB:g} MB"


class Limits:
    def __init__(self):
        self.member = getattr(settings, "IMPORT_MAX_UNZIPPED_MEMBER_BYTES", DEFAULT_MAX_MEMBER_BYTES)
        self.total = getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", DEFAULT_MAX_TOTAL_BYTES)
        self.ratio = getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", DEFAULT_MAX_RATIO)

    def member_for(self, path):
        """The cap of one part: the same for every part here; another import may hold some parts
        whole in memory and cap those tighter (budgets/admin_formats.py)."""
        return self.member


class GuardedArchive:
    """The part of zipfile.ZipFile the readers use (namelist, open, read), with every read counted."""

    def __init__(self, archive, limits=None):
        self.archive = archive
        self.limits = limits or Limits()
        self.produced = {}  # path → most bytes one read of it produced (a sheet is streamed twice)

    def namelist(self):
        return self.archive.namelist()

    def declared_size(self, path):
        try:
            return self.archive.getinfo(path).file_size
        except KeyError:
            return 0

    def check_declared(self):
        """Refuse on the directory's sizes alone, before decompressing a byte."""
        total = 0
        for info in self.archive.infolist():
            if info.compress_type not in ACCEPTED_COMPRESSION:
                raise UnsupportedCompression(info.filename)
            self._check(info, info.file_size)
            total += info.file_size
        if total > self.limits.total:
            raise ExpandsTooMuch(None, f"全部内容超过 {_mb(self.limits.total)}")

    def _check(self, info, size):
        cap = self.limits.member_for(info.filename)
        if size > cap:
            raise ExpandsTooMuch(info.filename, f"超过 {_mb(cap)}")
        if size > RATIO_FLOOR and size > self.limits.ratio * max(info.compress_size, 1):
            raise ExpandsTooMuch(info.filename, f"的压缩比超过 {self.limits.ratio} 倍")

    def _produced(self, info, size):
        self._check(info, size)
        if size > self.produced.get(info.filename, 0):
            self.produced[info.filename] = size
            if sum(self.produced.values()) > self.limits.total:
                raise ExpandsTooMuch(None, f"全部内容超过 {_mb(self.limits.total)}")

    def open(self, path):
        info = self.archive.getinfo(path)  # KeyError for a missing part, as ZipFile.open
        if info.compress_type not in ACCEPTED_COMPRESSION:
            raise UnsupportedCompression(path)
        return _CountedStream(self, info, self.archive.open(info))

    def read(self, path):
        with self.open(path) as stream:
            return stream.read()


class _CountedStream(io.RawIOBase):
    """A member being decompressed; raises ExpandsTooMuch as soon as it produces too much.

    A raw binary stream, so that io.TextIOWrapper can decode a CSV member as it is read.
    """

    def __init__(self, guard, info, stream):
        super().__init__()
        self.guard, self.info, self.stream = guard, info, stream
        self.count = 0

    def readable(self):
        return True

    def read(self, n=-1):
        if n is None or n < 0:
            # Whole member: in chunks, so that a lie in the directory costs at most a chunk more.
            parts = []
            while chunk := self.read(CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        data = self.stream.read(n)
        self.count += len(data)
        self.guard._produced(self.info, self.count)
        return data

    def readinto(self, buffer):
        data = self.read(min(len(buffer), CHUNK))
        buffer[:len(data)] = data
        return len(data)

    def close(self):
        self.stream.close()
        super().close()
