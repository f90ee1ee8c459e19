"""Child process for the crash tests: writes through the service layer forever.

Prints ``ack <id>`` after each committed write; the parent kills it with
SIGKILL at a random moment and checks every acknowledged write survived.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.db import open_database
from app.services.plan_edit import PlanInput, TaskInput, create_plan


def main(path: str) -> None:
    db = open_database(Path(path))
    n = 0
    while True:
        n += 1
        tasks = [
            TaskInput(number=str(i), name=f"Nhiệm vụ {n}.{i}", deadline="Quý II/năm 2025")
            for i in range(1, 30)
        ]
        plan_id = create_plan(
            db, PlanInput(number=f"{n}/KH-UBND", title=f"Kế hoạch {n}", tasks=tasks)
        )
        sys.stdout.write(f"ack {plan_id} {n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
