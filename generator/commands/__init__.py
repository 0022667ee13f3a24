"""The commands: each one function, `run`, that reads top to bottom; cli.py only parses options."""
