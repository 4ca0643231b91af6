"""The `lokalservice` program; its commands are in main.py and the modules it names."""


def run() -> None:
    """The console script (and `python -m lokalservice`).

    The cyclic garbage collector is tuned for a short run (measured with benchmarks/run.py, see the
    README): it starts a pass every 50,000 allocations rather than every 700, whose passes over the
    objects that importing Typer and Rich creates cost about 15 ms of CPU at each start-up; and at the
    end everything is frozen, so that the interpreter's shutdown does not walk all of it again (about
    25 ms). Nothing of ours waits for the collector to be closed: files are closed where they are
    written, and what is left is freed with the process.
    """
    import gc

    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    try:
        from .main import app

        app()
    finally:
        gc.freeze()
