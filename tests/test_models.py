"""`pipeline models`: installed list, install from a local index or a file, hostile archives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.argos_index import QuietHandler, serve_index
from fixtures.argos_plugin import closed_port_url

from pipeline.cli import main
from pipeline.engines import packages
from pipeline.errors import ModelError

pytest_plugins = ["fixtures.argos_plugin"]


@pytest.fixture
def index_server(tmp_path, argos_package):
    """A package index on 127.0.0.1 listing the fixture package, served over HTTP."""
    with serve_index(tmp_path / "index", argos_package) as served:
        yield served


def run(*args):
    return CliRunner().invoke(main, ["models", *args])


def test_install_from_the_index_downloads_and_installs(tmp_path, monkeypatch, index_server):
    base, _ = index_server
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    QuietHandler.requests.clear()
    result = run("install", "de", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "installed en→de 1.0" in result.output
    assert QuietHandler.requests == ["/index.json", "/translate-en_de-1_0.argosmodel"]
    assert (tmp_path / "pkgs" / "translate-en_de-1_0" / "model" / "model.bin").is_file()
    listing = run("list")
    assert listing.output.startswith("en→de\t1.0\t")


def test_download_shows_a_progress_bar(tmp_path, monkeypatch, index_server):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server[0])
    result = run("install", "de", "--progress")
    assert result.exit_code == 0
    assert "translate-en_de.argosmodel" in result.stderr and "B/s" in result.stderr


def test_ensure_model_installs_a_missing_model(tmp_path, monkeypatch, index_server):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server[0])
    model = packages.ensure_model("en", "de", progress=False)
    assert (model.pair, model.version) == ("en→de", "1.0")
    assert packages.ensure_model("en", "de") == model  # second time: already there


def test_index_without_the_pair_is_a_clear_error(tmp_path, monkeypatch, index_server):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server[0])
    result = run("install", "ja")
    assert result.exit_code == 2
    assert "lists no en→ja model" in result.stderr


def test_offline_install_exits_2_with_the_fix_and_writes_nothing(tmp_path, monkeypatch):
    url = closed_port_url()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
    result = run("install", "de")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"pipeline: cannot reach {url}index.json")
    assert 'download translate-en_de-*.argosmodel elsewhere and run ' \
           '"pipeline models install FILE.argosmodel"' in lines[0]
    assert not (tmp_path / "pkgs").exists()


def test_install_from_a_file_works_offline(tmp_path, monkeypatch, argos_package):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", closed_port_url())
    result = run("install", str(argos_package))
    assert result.exit_code == 0, result.output
    assert packages.find_model("en", "de").path == tmp_path / "pkgs" / "translate-en_de-1_0"


def test_list_with_nothing_installed_says_how_to_install(empty_argos_packages_dir):
    result = run("list")
    assert result.exit_code == 0
    assert "no Argos models installed" in result.output


def _evil_archive(path: Path, name: str, symlink: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("translate-en_de-1_0/metadata.json",
                    json.dumps({"from_code": "en", "to_code": "de"}))
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd" if symlink else "owned")
    return path


@pytest.mark.parametrize(("member", "symlink", "reason"), [
    ("translate-en_de-1_0/../../evil.txt", False, "outside the package folder"),
    ("../evil.txt", False, "outside the package folder"),
    ("/tmp/evil.txt", False, "outside the package folder"),
    ("translate-en_de-1_0\\..\\evil.txt", False, "outside the package folder"),
    ("translate-en_de-1_0/model/link", True, "symbolic link"),
    ("other-package/model.bin", False, "one package folder"),
    ("loose.txt", False, "inside one package folder"),
])
def test_hostile_archives_are_refused_before_extraction(tmp_path, monkeypatch, member, symlink,
                                                         reason):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    archive = _evil_archive(tmp_path / "evil.argosmodel", member, symlink)
    result = run("install", str(archive))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pipeline: {archive}: ") and reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "pkgs").exists() and not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_archive_is_refused_with_its_name(tmp_path, monkeypatch, argos_package, keep):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pkgs"))
    data = argos_package.read_bytes()
    truncated = tmp_path / "cut.argosmodel"
    truncated.write_bytes(data[: int(len(data) * keep)])
    result = run("install", str(truncated))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pipeline: {truncated}: ")
    assert not (tmp_path / "pkgs").exists()


def test_corrupt_member_is_refused(tmp_path, argos_package):
    data = bytearray(argos_package.read_bytes())
    with zipfile.ZipFile(argos_package) as zf:
        info = zf.getinfo("translate-en_de-1_0/model/model.bin")
    middle = info.header_offset + 100 + info.compress_size // 2
    data[middle] ^= 0xFF
    corrupt = tmp_path / "corrupt.argosmodel"
    corrupt.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="corrupt.argosmodel: damaged .argosmodel archive"):
        packages.check_archive(corrupt)


def test_index_url_follows_argostranslate(monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://mirror.example/argos/")
    assert packages.index_url() == "http://mirror.example/argos/index.json"
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://mirror.example/argos")
    assert packages.index_url() == "http://mirror.example/argos/index.json"
