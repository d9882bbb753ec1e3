"""Type hints of the extension module (crates/shieldsim-py). Use the package's functions; these
are their doors into the Rust library."""

from os import PathLike
from typing import Dict, List, Optional, Sequence, Tuple, Union

__version__: str

class Failure(Exception):
    """args: (code, message); code 2 is bad input (the CLI's exit 2), 1 a defect."""

    args: Tuple[int, str]

def capture(args: List[str]) -> Tuple[Optional[str], List[str]]:
    """The JSON document (text) and the warnings of a ballistic, aim, fly, engage or list
    command line (without the program name; --json implied)."""

def run_scenario(
    args: List[str],
    text: Optional[str] = None,
    out: Optional[str] = None,
    force: bool = False,
    suffixes: Sequence[str] = ...,
) -> Tuple[List[Tuple[str, bytes]], List[str]]:
    """The report's files (names ending in one of suffixes) of the scenario a `check FILE …`
    command line names (text instead of reading FILE), and the warnings."""

def work_units(args: List[str], text: Optional[str] = None) -> int:
    """How many work units the scenario splits into."""

def run_shard(args: List[str], text: Optional[str], index: int, count: int) -> bytes:
    """Shard index of count (from 1) of the scenario, as bytes."""

def merge_shards(
    shards: List[bytes],
    out: Optional[str] = None,
    force: bool = False,
    suffixes: Sequence[str] = ...,
) -> Tuple[List[Tuple[str, bytes]], List[str]]:
    """Every shard of one study merged: the report's files as run_scenario gives them."""

def set_cache_dir(dir: Union[str, PathLike[str], None]) -> None: ...
def cache_dir() -> Optional[str]: ...
def clear_memory_cache() -> None: ...
def cache_stats() -> Dict[str, int]: ...
