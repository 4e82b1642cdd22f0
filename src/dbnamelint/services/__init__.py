"""Services: typed results built from the model; they never print."""
