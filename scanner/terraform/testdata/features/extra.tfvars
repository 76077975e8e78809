from_cli = 2
