"""Model archives with a hostile metadata.json (nested thousands deep, hundreds of MB,
wrong types, huge numbers) are refused before anything is extracted, in bounded memory."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hostile.support import assert_refused, invoke, no_network

FOLDER = "translate-en_de-1_0"
GOOD = {"package_version": "1.0", "argos_version": "1.9", "type": "translate",
        "from_code": "en", "to_code": "de", "from_name": "English", "to_name": "German"}


def _archive(path: Path, metadata: bytes | list[bytes]) -> Path:
    """An .argosmodel; a list of byte strings is written piece by piece (200 MB of
    metadata never sits in the test's memory, only in the archive, compressed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open(f"{FOLDER}/metadata.json", "w", force_zip64=True) as handle:
            for piece in metadata if isinstance(metadata, list) else [metadata]:
                handle.write(piece)
        zf.writestr(f"{FOLDER}/model/model.bin", b"\0" * 16)
        zf.writestr(f"{FOLDER}/sentencepiece.model", b"\0" * 16)
    return path


def _json(**changes) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


CASES = {
    "nested-30000": (b'{"from_code": "en", "to_code": "de", "x": ' + b"[" * 30_000
                     + b"]" * 30_000 + b"}", "nested too deeply"),
    "200-mb-of-spaces": ([b"{", *[b" " * 2**20] * 200, b"}"], r"is 209,715,202 bytes"),
    "large-but-flat": (_json(x=["lol"] * 20_000), "limit 65,536"),
    "from_code-number": (_json(from_code=5), "from_code must be a language code"),
    "to_code-list": (_json(to_code=["de"]), "to_code must be a language code"),
    "to_code-path": (_json(to_code="../../etc"), "to_code must be a language code"),
    "version-object": (_json(package_version={"a": 1}), "package_version must be a string"),
    "prefix-number": (_json(target_prefix=3), "target_prefix must be a string"),
    "huge-number": (b'{"from_code": "en", "to_code": "de", "package_version": '
                    + b"9" * 10_000 + b"}", "invalid .*metadata.json"),
    "not-an-object": (b"[1, 2, 3]", "must be a JSON object"),
    "not-utf8": (b'{"from_code": "\xff"}', "invalid .*metadata.json"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_metadata_is_refused_before_extraction(tmp_path, monkeypatch, name):
    metadata, reason = CASES[name]
    packages = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    archive = _archive(tmp_path / f"{name}.argosmodel", metadata)
    del metadata
    monkeypatch.chdir(tmp_path)
    tracemalloc.start()
    try:
        with no_network(monkeypatch) as guard:
            result = invoke(["models", "install", str(archive)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_refused(result, f"{name}.argosmodel", None, reason)
    assert guard.attempts == []
    assert peak < 32 * 1024 * 1024, f"{peak / 2**20:.0f} MiB to refuse {name}"
    assert not packages.exists() or not any(packages.iterdir()), "something was extracted"
    assert [p.name for p in tmp_path.iterdir()] == [archive.name]


def test_good_metadata_passes_the_check(tmp_path):
    from pipeline.engines.packages import check_archive

    folder, metadata = check_archive(_archive(tmp_path / "good.argosmodel", _json()))
    assert (folder, metadata["to_code"]) == (FOLDER, "de")
