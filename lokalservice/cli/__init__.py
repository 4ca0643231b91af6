"""The `lokalservice` program; its commands are in main.py and the modules it names."""


def run() -> None:
    """The console script (and `python -m lokalservice`).

    A run is short and makes few reference cycles, so the cyclic garbage collector starts a pass every
    50,000 allocations rather than every 700: at the default its passes over the objects that importing
    Typer and Rich creates cost about 15 ms of CPU at each start-up (benchmarks/run.py, see the README).
    """
    import gc

    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    from .main import app

    app()
