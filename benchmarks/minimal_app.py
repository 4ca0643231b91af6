"""The floor for start-up: a minimal Typer app that prints a small Rich table (a reference row in run.py)."""

import typer

app = typer.Typer()


@app.command()
def main(today: str = "2009-03-01") -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"as of {today}")
    for column in ("Due", "What", "Status"):
        table.add_column(column)
    table.add_row("2009-05-29", "Svar senast", "open")
    Console().print(table)


if __name__ == "__main__":
    app()
