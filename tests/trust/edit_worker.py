"""One user editing cases in a loop: load, think, save with the loaded version; on a
conflict reload and apply the edit again. Run as its own process by test_concurrency.

usage: python edit_worker.py DB NAME EDITS CASE_IDS READY_FILE GO_FILE OUT_FILE SEED
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from klachtendesk.store import actions
from klachtendesk.store.cases import get_case
from klachtendesk.store.database import Store
from klachtendesk.store.errors import ConflictError, StoreError


def main(db: str, name: str, edits: int, case_ids: list[int], ready: Path, go: Path, out: Path,
         seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(db)
    ready.touch()
    while not go.exists():  # both users start together
        time.sleep(0.001)
    accepted, refused, errors = [], [], []
    for edit in range(edits):
        case_id = rng.choice(case_ids)
        attempt = 0
        while True:
            attempt += 1
            with store.sessions.read() as session:
                case = get_case(session, case_id)
                version, description = case.version, case.description
            # Unique per attempt: a refused token must never appear, an accepted one once.
            token = f"{name}{edit}.{attempt};"
            time.sleep(rng.random() * 0.002)
            try:
                actions.save_fields(store, case_id, version, name, {"description": description + token})
            except ConflictError as err:
                refused.append({"case": case_id, "token": token, "message": err.message})
                continue
            except StoreError as err:  # "database is locked" would land here
                errors.append(err.message)
                break
            accepted.append({"case": case_id, "token": token})
            break
    store.close()
    out.write_text(json.dumps({"accepted": accepted, "refused": refused, "errors": errors}))


if __name__ == "__main__":
    db, name, edits, ids, ready, go, out, seed = sys.argv[1:]
    main(db, name, int(edits), [int(i) for i in ids.split(",")], Path(ready), Path(go), Path(out), int(seed))
