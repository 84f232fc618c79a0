"""Running one piece of work in several threads at the same moment (concurrency tests)."""

import threading

from django.db import connection


def all_at_once(count: int, work) -> list:
    """`work()` in `count` threads released together by a barrier; their results (each thread closes
    its own database connection)."""
    start, results = threading.Barrier(count), []

    def run():
        try:
            start.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
