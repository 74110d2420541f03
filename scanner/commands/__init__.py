"""One module per `amlscan` subcommand, each exposing `register(subparsers)`."""
