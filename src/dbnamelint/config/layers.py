"""``extends``: the stack of layers a config is made of, packs first.

A layer is one validated document plus the folder its relative paths start
from. Packs are named (``recommended``) or given as paths; each is applied
once, at its first place, and cycles and chains deeper than
:data:`MAX_EXTENDS_DEPTH` are located errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from msgspec import Struct

from dbnamelint.config.errors import ConfigError, MissingLayerError
from dbnamelint.config.files import absolute, display_path
from dbnamelint.config.located import LocatedDocument, load_located_yaml, load_pyproject
from dbnamelint.config.model import ConfigModel, validate_layer
from dbnamelint.model import Location

#: Longest ``extends`` chain followed; real ones are 2-4 deep.
MAX_EXTENDS_DEPTH = 32


class Layer(Struct, frozen=True):
    doc: LocatedDocument
    model: ConfigModel
    base_dir: Path  # relative paths written in this layer start here


def load_file_doc(path: Path, cwd: Path) -> LocatedDocument:
    shown = display_path(path, cwd)
    if path.suffix == ".toml":
        doc = load_pyproject(path, shown)
        if doc is None:
            raise ConfigError("no [tool.dbnamelint] table", Location(shown, 1, 1))
        return doc
    return load_located_yaml(path, shown)


def _is_path_reference(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


def _pack_document(name: str) -> tuple[LocatedDocument, Path]:
    """A built-in pack by name, with key positions when it is a plain file."""
    from dbnamelint.rules.pack_files import find_pack
    from dbnamelint.rules.pack_loader import load_pack

    found = find_pack(name)
    if found is not None:
        return load_located_yaml(found, f"<pack {name}>"), found.parent
    # a zipped install has no file path: no positions, but still usable
    return LocatedDocument(f"<pack {name}>", load_pack(name), {}), Path.cwd()


def collect_layers(
    doc: LocatedDocument,
    base_dir: Path,
    identity: str,
    *,
    cwd: Path,
    stack: tuple[str, ...],
    seen: set[str],
    extra_extends: Sequence[str] = (),
) -> list[Layer]:
    """Layers of ``doc`` in application order: its packs first, then itself.

    A pack reached twice (two packs both extending ``recommended``) is
    applied once, at its first place, so it cannot undo what came between.
    """
    model = validate_layer(doc)
    if len(stack) >= MAX_EXTENDS_DEPTH:
        chain = " -> ".join([*_names(stack[:3]), "...", _name(identity)])
        raise ConfigError(
            f"extends: chain deeper than {MAX_EXTENDS_DEPTH} files ({chain})", doc.locate()
        )
    extends = [model.extends] if isinstance(model.extends, str) else list(model.extends or [])
    refs = [
        (ref, doc.locate(("extends", i) if not isinstance(model.extends, str) else ("extends",)))
        for i, ref in enumerate(extends)
    ]
    refs += [(ref, doc.locate(("extends",))) for ref in extra_extends]
    layers: list[Layer] = []
    for ref, where in refs:
        if _is_path_reference(ref):
            target = absolute(base_dir / ref)
            child_id = str(target)
        else:
            target = None
            child_id = f"pack:{ref}"
        if child_id in stack or child_id == identity:
            chain = " -> ".join([*_names(stack), _name(identity), _name(child_id)])
            raise ConfigError(f"extends cycle: {chain}", where)
        if child_id in seen:
            continue
        seen.add(child_id)
        if target is not None:
            if not os.path.lexists(target):
                raise MissingLayerError(f"extends: no such file {ref!r}", where, target)
            child_doc, child_dir = load_file_doc(target, cwd), target.parent
        else:
            child_doc, child_dir = _load_pack_or_fail(ref, where)
        layers += collect_layers(
            child_doc, child_dir, child_id, cwd=cwd, stack=(*stack, identity), seen=seen
        )
    layers.append(Layer(doc, model, base_dir))
    return layers


def _load_pack_or_fail(name: str, where: Location) -> tuple[LocatedDocument, Path]:
    try:
        return _pack_document(name)
    except ConfigError:
        raise
    except (LookupError, ValueError, OSError, ImportError) as exc:
        raise ConfigError(f"extends: unknown pack {name!r} ({exc})", where) from None


def _name(identity: str) -> str:
    return identity.removeprefix("pack:")


def _names(stack: Iterable[str]) -> list[str]:
    return [_name(s) for s in stack]
