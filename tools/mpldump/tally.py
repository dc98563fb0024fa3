"""The mpldump test scripts' tally: check() counts an assertion and keeps
the failed ones; finish() prints the count and the first failures and
exits 1 if any failed."""
import sys

failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)


def finish():
    print(f"{checks} checks, {len(failures)} failed")
    for f in failures[:50]:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)
