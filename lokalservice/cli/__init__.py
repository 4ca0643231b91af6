"""The `lokalservice` program; its commands are in main.py and the modules it names."""


def run() -> None:
    """The console script (and `python -m lokalservice`).

    The cyclic garbage collector is tuned for a short run: it starts a pass every 50,000 allocations
    rather than every 700 (its passes over the objects that importing Typer and Rich creates are
    wasted on a run this short), and at the end everything is frozen, so that the interpreter's
    shutdown does not walk all of it again. What this saves is measured by benchmarks/run.py
    --startup and stated in docs/performance.md. Nothing of ours waits for the collector to be
    closed: files are closed where they are written, and what is left is freed with the process.
    """
    import gc

    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    try:
        from .main import app

        app()
    finally:
        gc.freeze()
