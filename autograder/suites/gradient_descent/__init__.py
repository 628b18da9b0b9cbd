"""Hidden suite of the gradient-descent exercise."""
