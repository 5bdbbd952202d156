"""One module per command; each takes plain arguments and returns an exit code."""

BUILD_OUTPUTS = ("indsatsplan", "rehabiliteringsplan", "netværk", "supervision", "mødebrev", "beskrivelse")
"""What ``forloeb build`` can write for each case (kept here, light, for the CLI's help)."""
"""``beskrivelse`` is written only for cases whose next decision falls under the 2026 rules."""
