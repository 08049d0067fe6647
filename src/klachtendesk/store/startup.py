"""What every start does once the store is open: warn about an unsafe location or foreign
SQL, and make the day's backup. The CLI prints the notices on stderr; the desk shows them
as notifications (run it in a worker: the first backup of the day copies the whole store).

The day's backup is named and rotated by the machine's clock, never by ``--today``.
"""

from __future__ import annotations

from klachtendesk.progress import Progress, no_progress
from klachtendesk.store.backup import daily_backup
from klachtendesk.store.database import Store
from klachtendesk.store.errors import DamagedStore, StoreError
from klachtendesk.store.network import network_warning


def start_notices(store: Store, *, backup: bool = True, stop_when_damaged: bool = False,
                  progress: Progress = no_progress) -> list[str]:
    """Dutch one-line notices for the user. A failed backup is a notice, except that a
    damaged store raises DamagedStore when ``stop_when_damaged`` (the CLI stops there).
    ``progress`` follows the day's first backup (in MB)."""
    notices: list[str] = []
    if store.read_only is not None:
        # Foreign SQL: nothing is written, and no copy of it rotates the good copies away.
        notices.append(store.read_only)
        return notices
    if store.path is None:
        # A server: its backups are the server's business (README, "Team server"); a copy
        # at every workstation's first start would copy the whole register many times a day.
        return notices
    warning = network_warning(store.path)
    if warning:
        notices.append(warning)
    if backup:
        try:
            daily_backup(store, progress=progress)
        except DamagedStore as err:
            if stop_when_damaged:
                raise
            notices.append(err.message)
        except StoreError as err:
            notices.append(f"Let op: de reservekopie van vandaag is niet gemaakt. {err.message}")
        except OSError as err:
            notices.append(f"Let op: de reservekopie van vandaag is niet gemaakt ({err.strerror}).")
    return notices
