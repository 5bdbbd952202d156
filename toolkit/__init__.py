"""forloeb: case files for Danish ressourceforløb, turned into the plans and the network around the citizen."""

__version__ = "0.1.0"
