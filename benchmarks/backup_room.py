"""How much room the daily backups need: one compressed copy of a generated store, timed.

    python benchmarks/generate.py --cases 100000 --db benchmarks/stores/stad-100000.db
    python benchmarks/backup_room.py benchmarks/stores/stad-100000.db

Makes the day's copy the way the first start of a day does (copy, quick_check, gzip,
through the shared private writer) into a scratch ``backups/`` beside a copy of the store,
and prints the store's size, the compressed copy's size, the time it took, and the room
the default rotation (14 daily and 12 monthly copies) needs. The README's figure per
100,000 cases ("Backups, checks and restore") comes from this script.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from klachtendesk.store.backup import KEEP_DAILY, KEEP_MONTHLY, daily_backup
from klachtendesk.store.database import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.store.parent) as scratch:
        store_path = Path(scratch) / args.store.name
        shutil.copyfile(args.store, store_path)
        store = Store.open(store_path)
        try:
            started = time.perf_counter()
            copy = daily_backup(store)
            seconds = time.perf_counter() - started
        finally:
            store.close()
        assert copy is not None
        size, packed = store_path.stat().st_size, copy.stat().st_size
        copies = KEEP_DAILY + KEEP_MONTHLY
        print(f"store {size / 1e6:.1f} MB, compressed copy {packed / 1e6:.1f} MB ({100 * packed / size:.0f}%), "
              f"{seconds:.1f} s")
        print(f"default rotation: up to {copies} copies = {copies * packed / 1e9:.2f} GB, plus "
              f"{(size + packed) / 1e6:.0f} MB free while a copy is made")


if __name__ == "__main__":
    main()
