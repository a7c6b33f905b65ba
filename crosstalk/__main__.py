from crosstalk.cli import app

app(prog_name="crosstalk")
