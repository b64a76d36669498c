"""Argos package management: what is installed, the package index, download, install.

argostranslate does the package work (its Package/AvailablePackage objects); this module
adds what the pipeline needs around it: settings read at call time (argostranslate reads
them once, at import), archives checked before anything is extracted, a progress bar while
downloading, and one-line errors that say how to install a model offline.

Only argostranslate.package and .tokenizer are used: the argos extra installs argostranslate
without its declared dependencies (stanza, spacy, torch), which only its translate() needs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import ModelError

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
MAX_UNPACKED = 4 * 1024**3  # no real Argos model comes near 4 GiB
TIMEOUT = 30
MAX_METADATA = 64 * 1024  # Argos metadata.json files are under 1 KB
_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
# The tokenizers argostranslate's Package reads, in the order it picks them: SentencePiece
# packages, then OPUS-MT conversions (Moses tokenisation plus BPE codes).
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class InstalledModel:
    source: str
    target: str
    version: str
    path: Path  # the package folder: metadata.json, model/ and one of TOKENIZER_FILES
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        return f"{self.source}→{self.target}"

    @property
    def name(self) -> str:
        return f"translate-{self.source}_{self.target}-{self.version}"


def require_runtime() -> None:
    """One line with the fix when the argos extra is not installed (a core-only install)."""
    for module in ("argostranslate", "ctranslate2", "sentencepiece"):
        if importlib.util.find_spec(module) is None:
            raise ModelError(
                f"the argos engine is not installed (no module {module!r}): run `make install`, "
                "or `pip install 'press-pipeline[argos]'` and then `pip install --no-deps "
                "argostranslate`; or choose --engine apertium or none")


# -- settings, read like argostranslate.settings but at call time ------------------------
def _setting(key: str, default: str) -> str:
    value = os.environ.get(key)
    if value is not None:
        return value
    config = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    try:
        data = json.loads((config / "argos-translate" / "settings.json").read_text("utf-8"))
    except (OSError, ValueError):
        return default
    return str(data.get(key, default)) if isinstance(data, dict) else default


def packages_dir() -> Path:
    data = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return Path(_setting("ARGOS_PACKAGES_DIR", str(data / "argos-translate" / "packages")))


def index_url() -> str:
    """The index JSON: ARGOS_PACKAGE_INDEX is a base URL, as in argostranslate."""
    base = _setting("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX)
    if base.endswith(".json"):
        return base
    return base if base.endswith("/index.json") else base.rstrip("/") + "/index.json"


def _argos_package_module():
    """argostranslate.package, its settings pointed at today's ARGOS_PACKAGES_DIR."""
    require_runtime()
    from argostranslate import package, settings

    target = packages_dir()
    target.mkdir(parents=True, exist_ok=True)
    # argostranslate fixed these at import; a caller may have changed the environment since.
    settings.package_data_dir = target
    settings.package_dirs = [target]
    return package


# -- what is installed ------------------------------------------------------------------
def installed_models() -> list[InstalledModel]:
    folder = packages_dir()
    if not folder.is_dir():
        return []
    package = _argos_package_module()
    models = []
    for path in sorted(folder.iterdir()):
        if not (path / "metadata.json").is_file():
            continue
        try:
            pkg = package.Package(path)
        except (OSError, ValueError) as exc:
            raise ModelError(f"damaged package metadata: {exc}",
                             str(path / "metadata.json")) from None
        if getattr(pkg, "type", "translate") != "translate" or not pkg.from_code:
            continue
        models.append(InstalledModel(pkg.from_code, pkg.to_code, pkg.package_version or "0",
                                     path, getattr(pkg, "target_prefix", "") or ""))
    return models


def _version_key(version: str):
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(version))
    except InvalidVersion:
        return (0, version)


def find_model(source: str, target: str) -> InstalledModel | None:
    matches = [m for m in installed_models() if (m.source, m.target) == (source, target)]
    return max(matches, key=lambda m: _version_key(m.version)) if matches else None


def offline_fix(source: str, target: str) -> str:
    install = f'"pipeline models install {target}"'
    if source != "en":
        install = f'"pipeline models install {target} --from {source}"'
    return (f"run {install} (needs network) or download translate-{source}_{target}-*.argosmodel "
            f'elsewhere and run "pipeline models install FILE.argosmodel"')


def require_model(source: str, target: str) -> InstalledModel:
    model = find_model(source, target)
    if model is None:
        raise ModelError(f"no Argos model for {source}→{target} is installed in {packages_dir()}; "
                         + offline_fix(source, target))
    return model


# -- archives ----------------------------------------------------------------------------
def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"refusing symbolic link {name!r}"
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"refusing path {name!r} outside the package folder"
    if any(part in ("..", ".") for part in PurePosixPath(name).parts):
        return f"refusing path {name!r} outside the package folder"
    return None


def check_archive(path: Path) -> tuple[str, dict]:
    """Validate an .argosmodel before extraction; returns (package folder, metadata)."""
    where = str(path)
    if not path.is_file():
        raise ModelError("no such model archive", where)
    if not zipfile.is_zipfile(path):
        raise ModelError("not a valid .argosmodel archive (truncated or not a zip file)", where)
    try:
        with zipfile.ZipFile(path) as zf:
            folder = _check_members(zf.infolist(), where)
            metadata = _read_metadata(zf, folder, where)
            _check_contents({info.filename for info in zf.infolist()}, folder, metadata, where)
            bad = zf.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ModelError(f"damaged .argosmodel archive ({exc})", where) from None
    if bad is not None:
        raise ModelError(f"damaged .argosmodel archive: {bad} fails its checksum", where)
    return folder, metadata


def _check_members(infos: list[zipfile.ZipInfo], where: str) -> str:
    if not infos:
        raise ModelError("empty .argosmodel archive", where)
    folders = set()
    for info in infos:
        problem = _member_problem(info)
        if problem:
            raise ModelError(problem, where)
        parts = PurePosixPath(info.filename).parts
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(f"refusing {info.filename!r}: files must be inside one package folder",
                             where)
        folders.add(parts[0])
    if len(folders) != 1:
        raise ModelError(f"an .argosmodel holds one package folder, found {sorted(folders)}", where)
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise ModelError("refusing archive: it unpacks to more than 4 GiB", where)
    return folders.pop()


def _read_metadata(zf: zipfile.ZipFile, folder: str, where: str) -> dict:
    name = f"{folder}/metadata.json"
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise ModelError(f"no {name} in the archive", where) from None
    if info.file_size > MAX_METADATA:
        raise ModelError(f"{name} is {info.file_size:,} bytes; a model's metadata is a few "
                         f"hundred (limit {MAX_METADATA:,})", where)
    with zf.open(info) as handle:
        raw = handle.read(MAX_METADATA + 1)  # the size in the header may lie
    if len(raw) > MAX_METADATA:
        raise ModelError(f"{name} unpacks to more than {MAX_METADATA:,} bytes", where)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"invalid {name}: {str(exc)[:200]}", where) from None
    except RecursionError:
        raise ModelError(f"invalid {name}: values nested too deeply", where) from None
    _check_metadata(data, name, where)
    return data


def _check_metadata(data: object, name: str, where: str) -> None:
    """The fields the pipeline and argostranslate use, of the types they expect."""
    if not isinstance(data, dict):
        raise ModelError(f"{name} must be a JSON object", where)
    if not data.get("from_code") or not data.get("to_code"):
        raise ModelError(f"{name} lacks from_code/to_code", where)
    for key in ("from_code", "to_code"):
        if not isinstance(data[key], str) or not _CODE.match(data[key]):
            raise ModelError(f"{name}: {key} must be a language code such as \"de\"", where)
    for key in ("package_version", "target_prefix", "type", "from_name", "to_name"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and len(value) <= 200):
            raise ModelError(f"{name}: {key} must be a string of at most 200 characters",
                             where)


def _check_contents(names: set[str], folder: str, metadata: dict, where: str) -> None:
    """A translate package needs a CTranslate2 model and a tokenizer argostranslate reads."""
    if metadata.get("type", "translate") != "translate":
        return
    if f"{folder}/model/model.bin" not in names:
        raise ModelError(f"package {folder} has no model/model.bin, so it cannot translate",
                         where)
    if not any(f"{folder}/{name}" in names for name in TOKENIZER_FILES):
        raise ModelError(f"package {folder} has {missing_tokenizer()}", where)


def missing_tokenizer() -> str:
    return (f"neither {' nor '.join(TOKENIZER_FILES)}, so its text cannot be tokenized "
            "(argostranslate reads one of them)")


# -- installing -------------------------------------------------------------------------
def install_file(path: str | os.PathLike) -> InstalledModel:
    """Install a checked .argosmodel file: its one folder replaces any earlier copy in
    ARGOS_PACKAGES_DIR. (argostranslate's install_from_path unzips it in the same way but
    then imports argostranslate.translate, and with it stanza and torch, to clear a cache.)"""
    archive = Path(path)
    folder, metadata = check_archive(archive)
    require_runtime()
    target = packages_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=target))
        try:
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(staging)
            if (target / folder).exists():
                (target / folder).rename(staging / f"{folder}.previous")
            (staging / folder).rename(target / folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except (OSError, zipfile.BadZipFile, zlib.error) as exc:
        raise ModelError(f"cannot install the model: {exc}", str(archive)) from None
    installed = target / folder
    return InstalledModel(metadata["from_code"], metadata["to_code"],
                          str(metadata.get("package_version", "0")), installed,
                          metadata.get("target_prefix", "") or "")


def fetch_index(url: str | None = None) -> list:
    """The package index as argostranslate AvailablePackage objects."""
    require_runtime()
    url = url or index_url()
    try:
        with urllib.request.urlopen(_request(url), timeout=TIMEOUT) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError) as exc:
        raise _unreachable(url, exc) from None
    except ValueError as exc:
        raise ModelError(f"the package index is not valid JSON ({exc})", url) from None
    if not isinstance(data, list):
        raise ModelError("the package index is not a list of packages", url)
    from argostranslate.package import AvailablePackage

    return [AvailablePackage(entry) for entry in data if isinstance(entry, dict)]


class _Unreachable(ModelError):
    """The index or a download could not be reached: the offline case."""


def _unreachable(url: str, exc: Exception) -> _Unreachable:
    reason = getattr(exc, "reason", exc)
    return _Unreachable(f"cannot reach {url} ({reason})")


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": "press-pipeline"})


def install_from_index(source: str, target: str, progress: bool | None = None) -> InstalledModel:
    """Download the newest en→target package listed in the index and install it."""
    url = index_url()
    try:
        candidates = [p for p in fetch_index(url) if p.from_code == source and p.to_code == target
                      and getattr(p, "type", "translate") == "translate"]
        if not candidates:
            raise ModelError(f"the package index lists no {source}→{target} model", url)
        package = max(candidates, key=lambda p: _version_key(p.package_version))
        workdir = Path(tempfile.mkdtemp(prefix="pipeline-model-"))
        try:
            archive = _download(package, workdir / f"translate-{source}_{target}.argosmodel",
                                progress)
            return install_file(archive)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    except _Unreachable as exc:
        raise ModelError(f"{exc.message}, so nothing was installed; offline: download "
                         f"translate-{source}_{target}-*.argosmodel elsewhere "
                         f'and run "pipeline models install FILE.argosmodel"') from None


def _download(package, destination: Path, progress: bool | None) -> Path:
    links = [link for link in package.links if link.startswith(("http://", "https://"))]
    if not links:
        raise ModelError(f"the index gives no http(s) link for {package.from_code}→"
                         f"{package.to_code}", index_url())
    failure: Exception | None = None
    for link in links:
        try:
            return _fetch(link, destination, progress)
        except (urllib.error.URLError, OSError) as exc:
            failure = _unreachable(link, exc)
    raise failure


def _fetch(url: str, destination: Path, progress: bool | None) -> Path:
    import sys

    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    with urllib.request.urlopen(_request(url), timeout=TIMEOUT) as response:
        total = int(response.headers.get("Content-Length") or 0) or None
        with open(destination, "wb") as out, tqdm(
                total=total, unit="B", unit_scale=True, desc=destination.name, file=sys.stderr,
                disable=not show, leave=False) as bar:
            while chunk := response.read(1 << 16):
                out.write(chunk)
                bar.update(len(chunk))
    return destination


def ensure_model(source: str, target: str, progress: bool | None = None) -> InstalledModel:
    """The installed model for the pair, installing it from the index when missing."""
    model = find_model(source, target)
    if model is not None:
        return model
    try:
        return install_from_index(source, target, progress)
    except ModelError as exc:
        raise ModelError(f"no Argos model for {source}→{target} is installed; installing it "
                         f"failed: {exc}") from None
