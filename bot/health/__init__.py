"""`infobot doctor`: the checks an operator runs before going live, one line each."""
