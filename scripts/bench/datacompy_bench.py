#!/usr/bin/env python3
"""Time datacompy on the frames `driftwatch bench recon --write-csv DIR` writes.

    python3 scripts/bench/datacompy_bench.py DIR

DIR holds orders_{magento,erp}.csv, stock_{magento,erp}.csv and
prices_{magento,erp}.csv. For each pair both CSVs are loaded with pandas (not
timed), then one datacompy comparison is timed: the outer join on the key
columns, the per-column comparison, the rows only on one side and
`all_mismatch()` (the rows present on both sides that differ).

The script runs itself inside a virtualenv ($DRIFTWATCH_BENCH_VENV, by default
$HOME/.cache/driftwatch/bench-venv). When started with another Python it
creates that venv if missing, installs requirements.txt (beside this file) when
it changed, and re-executes itself there. Progress goes to stderr; stdout gets
exactly one JSON object:

    {"datacompy_version": "1.1.0", "pandas_version": "3.0.6",
     "orders": {"seconds": s, "only_magento": n, "only_erp": n, "mismatched": n,
                "magento_rows": n, "erp_rows": n},
     "stock": {...}, "prices": {...},
     "total_seconds": s, "peak_rss_mb": mb}

total_seconds is the sum of the three timed comparisons (loading excluded);
peak_rss_mb is the peak RSS of the whole process, loading included.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements.txt"
VENV = Path(
    os.environ.get("DRIFTWATCH_BENCH_VENV")
    or Path.home() / ".cache" / "driftwatch" / "bench-venv"
)
STAMP_NAME = ".driftwatch-requirements.sha256"
REEXEC_GUARD = "DRIFTWATCH_BENCH_REEXEC"


def log(msg: str) -> None:
    print(f"[datacompy-bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Bootstrap: make sure we run inside the venv with the pinned packages.
# --------------------------------------------------------------------------


def in_venv() -> bool:
    try:
        return Path(sys.prefix).resolve() == VENV.resolve()
    except OSError:
        return False


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    """Create the venv and install requirements.txt, both only when needed."""
    import fcntl

    want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = VENV / STAMP_NAME
    VENV.parent.mkdir(parents=True, exist_ok=True)
    # Serialise concurrent first runs on the same venv.
    with open(VENV.parent / (VENV.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not venv_python().exists():
            log(f"creating virtualenv {VENV}")
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            log(f"virtualenv created in {time.perf_counter() - t:.1f}s")
        if stamp.exists() and stamp.read_text().strip() == want:
            return
        log(f"installing {REQUIREMENTS.name} into {VENV} (one-off, ~30s)")
        t = time.perf_counter()
        # pip's own output goes to stderr: stdout is reserved for the JSON.
        subprocess.run(
            [
                str(venv_python()),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--progress-bar",
                "off",
                "-r",
                str(REQUIREMENTS),
            ],
            check=True,
            stdout=sys.stderr.fileno(),
        )
        stamp.write_text(want + "\n")
        log(f"packages installed in {time.perf_counter() - t:.1f}s")


def bootstrap() -> None:
    if in_venv():
        # Already inside: still make sure the pins are installed (cheap check).
        stamp = VENV / STAMP_NAME
        want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
        if stamp.exists() and stamp.read_text().strip() == want:
            return
    elif os.environ.get(REEXEC_GUARD):
        sys.exit(
            f"re-executed into {venv_python()} but sys.prefix is {sys.prefix}; "
            f"set DRIFTWATCH_BENCH_VENV or remove {VENV}"
        )
    ensure_venv()
    if not in_venv():
        env = dict(os.environ, **{REEXEC_GUARD: "1"})
        py = str(venv_python())
        os.execve(py, [py, str(Path(__file__).resolve()), *sys.argv[1:]], env)


# --------------------------------------------------------------------------
# The benchmark proper (runs inside the venv).
# --------------------------------------------------------------------------

# name -> (join columns, abs_tol, dtypes). Keys and strings are read as str
# (leading zeros kept); `lines` is a u64 signature and must stay a string:
# as uint64 datacompy's numeric comparator runs np.isclose, which converts to
# float64 and would call signatures that differ only in the low bits equal
# (and an outer join with unmatched rows turns the column into float64
# anyway). Decimals are float64. Prices' `qty` is part of the key but is a
# decimal compared by value in Rust ("5" == "5.00"), so it is float64 too.
PAIRS = {
    "orders": (
        ["key"],
        0.01,
        {"key": str, "currency": str, "total": "float64", "lines": str},
    ),
    "stock": (
        ["sku", "source"],
        0.0,
        {"sku": str, "source": str, "qty": "float64"},
    ),
    "prices": (
        ["sku", "list", "qty"],
        0.0,
        {"sku": str, "list": str, "qty": "float64", "price": "float64"},
    ),
}


def compare_class():
    """datacompy >= 1.0 calls it PandasCompare; earlier ones Compare."""
    import datacompy

    for name in ("PandasCompare", "Compare"):
        cls = getattr(datacompy, name, None)
        if cls is not None:
            return cls
    from datacompy.core import Compare  # very old layouts

    return Compare


def load(path: Path, dtypes: dict):
    import pandas as pd

    numeric = [c for c, t in dtypes.items() if t != str]
    return pd.read_csv(
        path,
        dtype=dtypes,
        # Only empty numeric cells are missing: a SKU or code such as "NA"
        # or "NULL" must stay a string.
        keep_default_na=False,
        na_values={c: [""] for c in numeric},
    )


def run_pair(data_dir: Path, name: str) -> dict:
    import gc

    join, abs_tol, dtypes = PAIRS[name]
    t = time.perf_counter()
    m = load(data_dir / f"{name}_magento.csv", dtypes)
    e = load(data_dir / f"{name}_erp.csv", dtypes)
    load_s = time.perf_counter() - t
    rows_m, rows_e = len(m), len(e)

    Compare = compare_class()
    gc.collect()
    t0 = time.perf_counter()
    cmp = Compare(
        m,
        e,
        join_columns=join,
        abs_tol=abs_tol,
        rel_tol=0,
        df1_name="magento",
        df2_name="erp",
    )
    only_m = len(cmp.df1_unq_rows)
    only_e = len(cmp.df2_unq_rows)
    mismatched = len(cmp.all_mismatch())
    seconds = time.perf_counter() - t0

    dupes = bool(getattr(cmp, "_any_dupes", False))
    log(
        f"{name:6s}: {rows_m:>9,} vs {rows_e:>9,} rows, loaded in {load_s:6.2f}s, "
        f"compared in {seconds:7.3f}s: only magento {only_m:,}, only erp {only_e:,}, "
        f"mismatched {mismatched:,}" + (" (duplicate keys: matched by order)" if dupes else "")
    )
    del cmp, m, e
    gc.collect()
    return {
        "seconds": round(seconds, 4),
        "only_magento": only_m,
        "only_erp": only_e,
        "mismatched": mismatched,
        "magento_rows": rows_m,
        "erp_rows": rows_e,
    }


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="directory written by --write-csv")
    args = parser.parse_args()

    bootstrap()

    import json
    import resource

    import datacompy
    import pandas as pd

    missing = [
        f"{n}_{s}.csv"
        for n in PAIRS
        for s in ("magento", "erp")
        if not (args.dir / f"{n}_{s}.csv").is_file()
    ]
    if missing:
        sys.exit(f"{args.dir}: missing {', '.join(missing)}")

    log(f"datacompy {datacompy.__version__}, pandas {pd.__version__}, data {args.dir}")
    result = {
        "datacompy_version": datacompy.__version__,
        "pandas_version": pd.__version__,
    }
    for name in PAIRS:
        result[name] = run_pair(args.dir, name)
    result["total_seconds"] = round(sum(result[n]["seconds"] for n in PAIRS), 4)
    result["peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    log(
        f"total {result['total_seconds']:.3f}s compared, "
        f"peak RSS {result['peak_rss_mb']:.0f} MB"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
