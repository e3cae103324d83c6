"""goo-lsp: compiler, runtime and language server for Goo."""

__version__ = "0.1.0"
