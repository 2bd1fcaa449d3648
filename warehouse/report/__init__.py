"""The HTML report: the trends as charts, every number read from the warehouse views."""
