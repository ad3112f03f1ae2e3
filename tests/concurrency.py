"""Two requests at the same moment, each on its own database connection (PostgreSQL row-lock tests)."""

import threading

from django.db import connection


def at_once(*calls):
    """Run the calls in threads released together; returns their results in order."""
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i):
        try:
            barrier.wait()
            results[i] = calls[i]()
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
